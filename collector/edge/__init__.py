"""Store-and-forward from village libraries to the district (issue 19).

A village runs `kunang edge` (no database): the same poller, profiles, syslog receiver and file
tailers as the central collector write every record into the durable spool (collector/spool.py);
`forwarder.Forwarder` sends the spool as compressed batches to a NATS JetStream hub and advances
the spool only after the hub acknowledged a batch. The district runs `kunang ingest`
(`ingest.Ingest`): durable pull consumers that store each batch through the collector's own
intake path (collector/intake.py), idempotently, and acknowledge it after the commit.

Modules: `subjects` (names on the hub), `records` (what an edge spools), `batch` (the wire format),
`hub` (connecting, the stream), `forwarder`, `heartbeat`, `runner` (the edge process), `ingest`.
"""
