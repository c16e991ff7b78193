"""Sites and analytics settings as the query layer needs them."""

from __future__ import annotations

from typing import Any

from dashboard.analytics.db import fetch, fetch_one

DEFAULTS = {
    "analytics.session_gap_minutes": "10",
    "analytics.visitor_min_minutes": "5",
    "analytics.returning_window_days": "30",
    "analytics.coverage_min": "0.9",
    "privacy.rotating_salt": "false",
    "snmp.poll_interval_s": "60",
}

# Engagement buckets of dwell time per visit: (key, lower minutes, upper minutes or None)
DWELL_BUCKETS = (("lt5", 0, 5), ("m5_15", 5, 15), ("m15_30", 15, 30), ("m30_60", 30, 60),
                 ("m60_120", 60, 120), ("ge120", 120, None))

SOURCE_JOINED = "snmp+portal"  # figures over visits joining SNMP presence and portal sessions
SOURCE_SNMP = "snmp"


class UnknownSite(LookupError):
    pass


def settings(conn) -> dict[str, Any]:
    """Analytics settings recorded in kunang_meta (defaults where unset)."""
    raw = dict(DEFAULTS)
    raw.update({r["key"]: r["value"] for r in fetch(conn, "settings")})
    return {
        "session_gap_minutes": int(raw["analytics.session_gap_minutes"]),
        "visitor_min_minutes": int(raw["analytics.visitor_min_minutes"]),
        "returning_window_days": int(raw["analytics.returning_window_days"]),
        "coverage_min": float(raw["analytics.coverage_min"]),
        "rotating_salt": raw["privacy.rotating_salt"].strip().lower() in ("true", "t", "1", "yes"),
        "poll_interval_s": int(raw["snmp.poll_interval_s"]),
        "storage_mode": raw.get("storage_mode", "plain"),
    }


def rotating(conn, rotating_salt: bool | None) -> bool:
    return settings(conn)["rotating_salt"] if rotating_salt is None else bool(rotating_salt)


def get_site(conn, site_id: int) -> dict[str, Any]:
    row = fetch_one(conn, "site", {"site_id": site_id})
    if row is None:
        raise UnknownSite(f"no site with id {site_id}")
    return row


def sites(conn, group: str | None = None) -> list[dict[str, Any]]:
    """Sites of a group (all sites when group is None), by name."""
    return fetch(conn, "sites", {"group": group})


def share(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return part / whole
