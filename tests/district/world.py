"""Configurations of a district and its villages for the tests and bench/district.py."""

from __future__ import annotations

from pathlib import Path

import yaml

PRIVACY_KEY = "e" * 32


def village(i: int) -> str:
    return f"Desa Uji {i}"


def district_config(path: Path, dsn: str, hub_url: str, villages: int = 1, aps: int = 3, **ingest) -> Path:
    cfg = {
        "database": {"dsn": dsn, "pool_size": 3},
        "spool": {"dir": str(path.parent / "spool")},
        "privacy": {"key": PRIVACY_KEY},
        "snmp": {"credentials": {"v": {"community": "public"}}, "default": "v"},
        "sites": [{"name": village(v), "timezone": "Asia/Makassar", "edge": True,
                   "aps": [{"name": f"ap{a}", "address": "127.0.0.1"} for a in range(1, aps + 1)]}
                  for v in range(1, villages + 1)],
        "ingest": {"hub_urls": [hub_url], "ack_wait_s": 5, **ingest},
    }
    path.write_text(yaml.safe_dump(cfg))
    path.chmod(0o600)
    return path


def edge_config(path: Path, hub_urls: list[str], v: int, spool_dir: Path, *, aps: list[tuple[str, str, int]] = (),
                community: str = "public", log_file: Path | None = None, syslog: tuple[str, int] | None = None,
                **edge) -> Path:
    """An edge of village `v`: APs as (name, address, port); a file and/or syslog portal source."""
    sources = []
    if log_file is not None:
        sources.append({"name": "hotspot", "site": village(v), "kind": "file", "format": "opennds",
                        "path": str(log_file)})
    portal: dict = {"sources": sources}
    if syslog is not None:
        portal["syslog"] = {"address": syslog[0], "port": syslog[1]}
        sources.append({"name": "hs-syslog", "site": village(v), "kind": "syslog", "peers": ["127.0.0.1"]})
    cfg = {
        "privacy": {"key": PRIVACY_KEY},
        "snmp": {"credentials": {"v": {"community": community, "timeout_s": 1, "retries": 1}}, "default": "v",
                 "poll_interval_s": 10},
        "sites": [{"name": village(v), "timezone": "Asia/Makassar",
                   "aps": [{"name": n, "address": a, "port": p} for n, a, p in aps]}],
        "portal": portal,
        "edge": {"hub_urls": hub_urls, "site": village(v), "spool_dir": str(spool_dir), "edge_id": f"edge-{v}",
                 "linger_s": 0, "heartbeat_s": 10, **edge},
    }
    path.write_text(yaml.safe_dump(cfg))
    path.chmod(0o600)
    return path
