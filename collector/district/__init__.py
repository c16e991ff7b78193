"""The district hub's side of village edges (issue 19, docs/district.md "Security").

- `credentials`: nkey pairs (ed25519) for each village and for `kunang ingest`;
- `tls`: the district's small CA and the hub's server certificate;
- `hubconf`: the nats-server configuration (TLS, JetStream, per-site permissions);
- `village`: `kunang district add-village` - one village's files, in one call;
- `check`: the ingest's rule that a batch's contents belong to its subject's site.
"""
