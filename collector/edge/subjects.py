"""Names on the hub: subjects, the stream, the durable consumer, message ids.

    kunang.v1.<site_key>.poll | .log | .hb     stream KUNANG_EDGE (kunang.v1.>), consumer kunang-ingest

A site's key is `Site.site_key` (kunang.yaml `key:`, default a slug of the name:
collector/config/sites.py); the hub's permissions (`kunang district`) allow each village only its
own `kunang.v1.<key>.>`.
"""

from __future__ import annotations

PREFIX = "kunang.v1"
STREAM = "KUNANG_EDGE"
DURABLE = "kunang-ingest"
KINDS = ("poll", "log", "hb")


def inbox_prefix(key: str) -> str:
    """Where a village's replies (JetStream publish acknowledgements) arrive; the hub lets it read only these."""
    return f"_INBOX_{key}"


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
