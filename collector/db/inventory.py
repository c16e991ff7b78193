"""Inventory: the configured sites and access points in the database.

`sync(conn, cfg)` upserts the sites and APs of kunang.yaml (opening hours, holidays, addresses,
profiles), marks those no longer configured inactive, and returns the `ApRef` of each AP: what the
poller and the writer need to know about it. APs discovered through a controller are added by the
poll writer (`PollStore`) as it sees them.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg.types.json import Jsonb

from collector.db.queries import query


@dataclass(frozen=True)
class ApRef:
    ap_id: int
    site_id: int
    name: str
    site: str = ""
    timezone: str = "UTC"


def _hours_json(site) -> dict:
    return {
        day: [[a.strftime("%H:%M"), b.strftime("%H:%M")] for a, b in getattr(site.opening_hours, day)]
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    }


def sync(conn: psycopg.Connection, cfg) -> dict[tuple[str, str], ApRef]:
    """Upsert the configured sites and APs, mark the others inactive; returns {(site, ap name): ApRef}.
    Runs in the caller's transaction."""
    refs: dict[tuple[str, str], ApRef] = {}
    names = [s.name for s in cfg.sites]
    conn.execute(query("deactivate_sites"), (names,))
    for site in cfg.sites:
        conn.execute(query("release_site_key"), (site.site_key, site.name))
        site_id = conn.execute(
            query("upsert_site"),
            (site.name, site.group, site.timezone, Jsonb(_hours_json(site)), [h.date for h in site.holidays],
             site.site_key, site.edge),
        ).fetchone()[0]
        if site.edge:
            conn.execute(query("ensure_edge_link"), (site_id,))
        for ap in site.aps:
            ap_id = conn.execute(
                query("upsert_ap"), (site_id, ap.name, ap.address, ap.port, ap.group, ap.profile)
            ).fetchone()[0]
            refs[(site.name, ap.name)] = ApRef(ap_id, site_id, ap.name, site.name, site.timezone)
        conn.execute(query("deactivate_aps"), ([a.name for a in site.aps], site_id))
    return refs
