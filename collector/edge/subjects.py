"""Names on the hub: subjects, the stream, the durable consumer, message ids.

    kunang.v1.<site_key>.poll | .log | .hb     stream KUNANG_EDGE (kunang.v1.>), consumer kunang-ingest

A site key is the site's name reduced to what a NATS subject token may hold (one rule, here);
the hub's permissions (`kunang district`) allow each village only its own `kunang.v1.<key>.>`.
"""

from __future__ import annotations

import re
import unicodedata

PREFIX = "kunang.v1"
STREAM = "KUNANG_EDGE"
DURABLE = "kunang-ingest"
KINDS = ("poll", "log", "hb")


def site_key(name: str) -> str:
    """'Desa Sembalun Lawang' -> 'desa-sembalun-lawang' (ASCII, lower case, [a-z0-9_-])."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    key = re.sub(r"[^a-z0-9_-]+", "-", text).strip("-")
    return key[:64] or "site"


def subject(key: str, kind: str) -> str:
    assert kind in KINDS, kind
    return f"{PREFIX}.{key}.{kind}"


def parse_subject(subj: str) -> tuple[str, str] | None:
    """(site key, kind) of a subject of ours, else None."""
    parts = subj.split(".")
    if len(parts) != 4 or f"{parts[0]}.{parts[1]}" != PREFIX or parts[3] not in KINDS:
        return None
    return parts[2], parts[3]


def msg_id(key: str, epoch: str, first: int, last: int) -> str:
    """Deterministic from the spool position: a resent batch is the same message to JetStream."""
    return f"{key}:{epoch}:{first}-{last}"
