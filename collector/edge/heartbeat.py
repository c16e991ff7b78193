"""The edge's heartbeat: who it is, how far behind its spool is, what it dropped, its versions.

Published (with acknowledgement, not spooled: it says how things are now) every
`edge.heartbeat_s` to `kunang.v1.<key>.hb` as compact JSON; the ingest records it as the
village's last contact.
"""

from __future__ import annotations

import json
import platform
import time


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg, name in (("kunang", "kunang"), ("nats-py", "nats")):
        try:
            out[name] = version(pkg)
        except PackageNotFoundError:
            out[name] = None
    return out


def payload(*, edge_id: str, site: str, key: str, spool_stats: dict, oldest: float | None, sent,
            started: float, vers: dict) -> bytes:
    return json.dumps({
        "v": 1, "edge": edge_id, "site": site, "key": key, "time": round(time.time(), 3),
        "up_s": round(time.time() - started),
        "backlog": {"records": spool_stats["pending_records"], "bytes": spool_stats["bytes"],
                    "oldest": round(oldest, 3) if oldest is not None and spool_stats["pending_records"] else None},
        "dropped": {"records": spool_stats["dropped_records"], "count": spool_stats["dropped_count"]},
        "sent": {"batches": sent.batches, "records": sent.records, "wire_bytes": sent.wire_bytes},
        "versions": vers,
    }, separators=(",", ":")).encode()


def parse(data: bytes) -> dict:
    d = json.loads(data)
    if not isinstance(d, dict) or "edge" not in d or "backlog" not in d:
        raise ValueError("not a heartbeat")
    return d
