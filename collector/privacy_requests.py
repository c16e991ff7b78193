"""Data-subject requests: export or erase everything stored about one device.

The subject gives a MAC address; it is pseudonymised with the deployment's key
exactly as the collector and the portal ingester do, and the rows are found by
that pseudonym (with `privacy.rotating_salt`, by every daily pseudonym of the
retention period). The export holds no identifier other than the MAC given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


from collector.db.queries import query
from collector.errors import KunangError
from collector.identifiers import normalise_mac
from collector.privacy import Pseudonymizer


def subject_mac(value: str) -> str:
    mac = normalise_mac(value)
    if mac is None:
        raise KunangError(f"--mac: {value!r} is not a MAC address (e.g. 3c:22:fb:12:34:56)")
    return mac


def pseudonyms(pseudo: Pseudonymizer, mac: str, *, days: int, today: dt.date | None = None) -> list[str]:
    """Every pseudonym the MAC can have in the store (one per day in rotating-salt mode).

    Rotating mode covers the retention period plus two days either side, so
    both UTC and local dates of an observation are included.
    """
    if not pseudo.rotating_salt:
        return [pseudo.device(mac)]
    today = today or dt.datetime.now(dt.timezone.utc).date()
    return [pseudo.device(mac, today - dt.timedelta(days=i)) for i in range(-2, days + 2)]


def export(conn, pseudo: Pseudonymizer, mac_text: str, *, retention_days: int = 395,
           now: dt.datetime | None = None) -> dict[str, Any]:
    mac = subject_mac(mac_text)
    names = pseudonyms(pseudo, mac, days=retention_days, today=(now.date() if now else None))
    data = conn.execute(query("privacy_export"), (names, mac)).fetchone()[0]
    generated = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    return {"subject": {"mac": mac}, "generated_at": generated,
            "identifiers": "stored only as keyed pseudonyms; none other than the MAC given is shown", **data}


def erase(conn, pseudo: Pseudonymizer, mac_text: str, *, retention_days: int = 395,
          now: dt.datetime | None = None) -> dict[str, int]:
    """Delete the subject's rows in one transaction; returns {table: rows deleted}."""
    mac = subject_mac(mac_text)
    names = pseudonyms(pseudo, mac, days=retention_days, today=(now.date() if now else None))
    with conn.transaction():
        counts = conn.execute(query("privacy_erase"), (names, mac)).fetchone()[0]
    return {k: int(v) for k, v in counts.items()}
