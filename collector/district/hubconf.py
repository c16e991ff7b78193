"""The district hub's nats-server configuration: TLS required, JetStream, one nkey user per village.

One rule per site, here: a village may publish only under `kunang.v1.<its key>.>` and subscribe
only to its own inbox prefix `_INBOX_<its key>.>` (where JetStream's publish acknowledgements
arrive; the edge sets nats-py's `inbox_prefix` to it). It can read nothing else: not the stream,
not another village's acknowledgements. `kunang ingest` may use the JetStream API (stream, durable
consumer, fetch, acks) and its inboxes, and publish nothing on the villages' subjects.
"""

from __future__ import annotations

import json
from pathlib import Path

from collector.edge.subjects import PREFIX as SUBJECT_PREFIX
from collector.edge.subjects import STREAM, inbox_prefix

INGEST_USER = "kunang-ingest"


def village_permissions(site_key: str) -> dict:
    return {"publish": {"allow": [f"{SUBJECT_PREFIX}.{site_key}.>"]},
            "subscribe": {"allow": [f"{inbox_prefix(site_key)}.>"]}}


def ingest_permissions() -> dict:
    return {"publish": {"allow": ["$JS.API.>", f"$JS.ACK.{STREAM}.>"]},
            "subscribe": {"allow": ["_INBOX.>", f"{inbox_prefix(INGEST_USER)}.>"]}}


def _q(v) -> str:
    return json.dumps(v)


def _perm(p: dict) -> str:
    parts = [f"{k}: {{allow: [{', '.join(_q(s) for s in v['allow'])}]}}" for k, v in p.items()]
    return "{" + ", ".join(parts) + "}"


def user_entry(public_nkey: str, permissions: dict, comment: str) -> str:
    return f"    # {comment}\n    {{nkey: {_q(public_nkey)}, permissions: {_perm(permissions)}}}"


def tls_block(cert: Path, key: str | Path) -> str:
    # a `tls` block makes TLS mandatory for every client: a plain connection is refused
    return (f"tls {{\n  cert_file: {_q(str(cert))}\n  key_file: {_q(str(key))}\n  timeout: 5\n}}\n")


def authorization_block(ingest_public: str, villages: dict[str, str]) -> str:
    """`villages`: {site key: public nkey}."""
    users = [user_entry(ingest_public, ingest_permissions(), "kunang ingest (district)")]
    users += [user_entry(pub, village_permissions(key), f"village {key}") for key, pub in sorted(villages.items())]
    return "authorization {\n  users = [\n" + "\n".join(users) + "\n  ]\n}\n"


def hub_conf(listen: str, store_dir: str, tls: str, authorization: str) -> str:
    return ("# The Kunang district hub (nats-server). Written by `kunang district`; do not edit by hand:\n"
            "# run `kunang district hub-config` again, then reload: nats-server --signal reload\n"
            f"listen: {_q(listen)}\n"
            f"jetstream {{\n  store_dir: {_q(store_dir)}\n}}\n"
            "max_payload: 8MB\n"  # an edge batch is at most edge.batch_max_kb (8 MB) before compression
            f"{tls}{authorization}")
