"""Portal sessions in PostgreSQL (`portal_session`): saved after pairing, the open ones reloaded.

The pairing itself is `collector/portal/login_sessions.py`; `PortalStore` calls these with the
connection of its operation, so a session is written in the same transaction as its events.
"""

from __future__ import annotations

from collections.abc import Callable

import psycopg

from collector.portal import pgcopy
from collector.portal.login_sessions import PortalSession
from collector.portal.queries import sql

SESSION_COLUMNS = ("id", "site_id", "source", "device", "randomized", "user_id", "session_key", "started_at",
                   "ended_at", "last_update", "bytes_in", "bytes_out", "duration_s", "end_reason", "open", "ip",
                   "format")


def session_rows(sessions: list[PortalSession], site_id: Callable[[str | None], int | None],
                 with_id: bool = True) -> list[tuple]:
    """SESSION_COLUMNS values (without the id: SESSION_COLUMNS[1:]); `site_id` resolves a site's name."""
    rows = [(site_id(s.site), s.source, s.mac, s.extra.get("randomized"), s.user,
             s.session_key, s.started_at, s.ended_at, s.last_update, s.bytes_in, s.bytes_out, s.duration_s,
             s.end_reason, s.open, s.ip, s.extra.get("format")) for s in sessions]
    return [(s.db_id, *row) for s, row in zip(sessions, rows)] if with_id else rows


def save_sessions(conn: psycopg.Connection, sessions: list[PortalSession],
                  site_id: Callable[[str | None], int | None]) -> int:
    """New sessions get ids from the sequence and go in with COPY; changed ones
    are staged with COPY and merged with one UPDATE."""
    if not sessions:
        return 0
    new = [s for s in sessions if s.db_id is None]
    old = [s for s in sessions if s.db_id is not None]
    cur = conn.cursor()
    if new and not any(s.open for s in new):
        # closed for good (bulk imports write sessions when they close): the
        # column default numbers them in row order, one round trip less;
        # nothing refers to them again, so their ids are not needed here
        pgcopy.copy_rows(cur, "portal_session", SESSION_COLUMNS[1:], pgcopy.SESSION_TYPES[1:],
                         session_rows(new, site_id, with_id=False))
    elif new:
        ids = cur.execute(sql("next_session_ids"), {"n": len(new)}).fetchall()
        for s, (sid,) in zip(new, ids, strict=True):
            s.db_id = sid
        _copy(cur, "portal_session", session_rows(new, site_id))
    if old:
        cur.execute(sql("portal_session_stage"))
        _copy(cur, "portal_session_up", session_rows(old, site_id))
        cur.execute(sql("portal_session_merge"))
    return len(sessions)


def _copy(cur, table: str, rows: list[tuple]) -> None:
    pgcopy.copy_rows(cur, table, SESSION_COLUMNS, pgcopy.SESSION_TYPES, rows)


def open_sessions(conn: psycopg.Connection, keep: list[PortalSession] = ()) -> list[PortalSession]:
    """The stored open sessions, and `keep`: open sessions held back in memory (`defer_open`),
    which win over their stored versions."""
    rows = conn.execute(sql("open_portal_sessions")).fetchall()
    held = {s.db_id for s in keep if s.db_id is not None}
    sessions = list(keep)
    for (sid, source, started, last, site, device, user_id, ip, key, bin_, bout, dur, fmt, rnd) in rows:
        if sid in held:
            continue
        s = PortalSession(source=source, started_at=started, last_update=last, site=site, mac=device,
                          user=user_id, ip=ip, session_key=key, bytes_in=bin_, bytes_out=bout,
                          duration_s=dur, db_id=sid)
        s.extra["format"], s.extra["randomized"] = fmt, rnd
        sessions.append(s)
    return sessions


def attach_leases(conn: psycopg.Connection, sessions: list[PortalSession], leases: list[tuple],
                  site_id: Callable[[str | None], int | None] | None = None) -> None:
    """Give sessions without a MAC (MikroTik member logins) the device of the DHCP lease that covered
    their IP at their start (sql/attach_leases.sql): `sessions` just written, and the sessions the
    lease events `leases` ((dedup key, site id, ip, time), from `Prepared.leases`) cover."""
    s_rows = [(site_id(s.site), s.ip, s.started_at) for s in sessions] if sessions else []
    s_rows = [r for r in s_rows if r[0] is not None]
    if not s_rows and not leases:
        return
    conn.execute(sql("attach_leases"), {
        "s_sites": [r[0] for r in s_rows], "s_ips": [r[1] for r in s_rows], "s_starts": [r[2] for r in s_rows],
        "l_sites": [x[1] for x in leases], "l_ips": [x[2] for x in leases], "l_times": [x[3] for x in leases]})
