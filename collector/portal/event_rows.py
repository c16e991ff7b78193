"""Portal events into PostgreSQL (`portal_event`): COPY, and when a row is already stored or
rejected, staging with `ON CONFLICT (dedup, time) DO NOTHING` and isolation of the rejected rows.

`PortalStore` calls these with the connection of its operation (one transaction per batch).
"""

from __future__ import annotations

import logging

import psycopg
import psycopg.errors

from collector.db.values import is_row_error, printable
from collector.portal import pgcopy
from collector.portal.queries import sql
from collector.portal.rows import EVENT_COLUMNS, Prepared

log = logging.getLogger("collector.portal.store")  # the store's log: one name for its warnings


def insert_events(conn: psycopg.Connection, batch: Prepared) -> set[bytes] | None:
    """First try: the whole batch straight in with COPY (a first import); None
    means every row was new. If a row is already stored (re-import, resumed
    tail, a racing writer), the COPY fails and the batch goes through staging +
    ON CONFLICT DO NOTHING; the set of keys that were new is returned."""
    cur = conn.cursor()
    try:
        with conn.transaction():
            _copy_events(cur, "portal_event", batch.rows)
        return None
    except psycopg.errors.UniqueViolation:
        pass
    cur.execute(sql("portal_event_stage"))
    _copy_events(cur, "portal_event_in", batch.rows)
    cur.execute(sql("portal_event_merge"))
    return {bytes(r[0]) for r in cur.fetchall()}


def _copy_events(cur, table: str, rows: list[tuple]) -> None:
    pgcopy.copy_rows(cur, table, EVENT_COLUMNS, pgcopy.EVENT_TYPES, rows)


def stage_isolating(conn: psycopg.Connection, cur,
                    parts: list[list[bytes]]) -> tuple[set[bytes], list[tuple[bytes, str]]]:
    """Rows (binary COPY) through staging and ON CONFLICT DO NOTHING; rows the server
    rejects are isolated by halving. Returns (keys stored, [(rejected row, reason)])."""
    rows = [r for part in parts for r in part]

    def attempt(chunk: list[bytes]):
        try:
            with conn.transaction():
                pgcopy.copy_bodies(cur, "portal_event_in", EVENT_COLUMNS, [b"".join(chunk)])
                cur.execute(sql("portal_event_merge"))
                keys = {bytes(r[0]) for r in cur.fetchall()}
                cur.execute(sql("portal_event_unstage"))
            return keys, []
        except (psycopg.Error, OverflowError) as exc:
            if not is_row_error(exc):
                raise
            if len(chunk) == 1:
                return set(), [(chunk[0], server_reason(exc))]
        mid = len(chunk) // 2
        a_keys, a_bad = attempt(chunk[:mid])
        b_keys, b_bad = attempt(chunk[mid:])
        return a_keys | b_keys, a_bad + b_bad

    return attempt(rows) if rows else (set(), [])


def drop_rejected(batch: Prepared, bad: list[tuple[bytes, str]], default_source: str) -> None:
    """Rows the server rejected: out of the pairing, into the quarantine (what the row says of its line)."""
    keys = set()
    for row, reason in bad:
        f = pgcopy.row_fields(row)
        key, origin, source = bytes(f[17]), _text(f[16]), _text(f[2]) or default_source
        keys.add(key)
        log.warning("%s: line quarantined: %s", origin or source, reason)
        batch.quarantine.append((f"(line at {origin})", source, None, origin, _text(f[15]), None,
                                 "rejected by the database: " + reason))
    batch.pending = [p for p in batch.pending if p[0] not in keys]
    batch.fresh -= len(keys)
    batch.events -= len(keys)


def server_reason(exc: BaseException) -> str:
    diag = getattr(exc, "diag", None)
    text = (diag.message_primary if diag is not None and diag.message_primary else str(exc)).strip()
    return printable(text.splitlines()[0] if text else type(exc).__name__)[:300]


def _text(v) -> str | None:
    return None if v is None else printable(bytes(v).decode("utf-8", "replace"))
