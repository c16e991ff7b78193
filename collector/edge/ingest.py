"""The district's side (`kunang ingest`): store the edges' batches exactly once.

Several workers (processes) share the durable pull consumer `kunang-ingest` of the stream
`KUNANG_EDGE`; each fetches batches, stores them through the collector's intake path
(`Intake.apply`: portal lines deduplicated by their hash, polls whose sample is stored skipped)
and acknowledges a batch only after its commit. A worker that dies leaves its batches
unacknowledged; after `ingest.ack_wait_s` the hub gives them to another worker, which stores
nothing twice.

Every record must belong to the site of the subject it came on (the hub lets each village publish
only under its own key): a batch with a record of another site is rejected whole and counted
(`site_mismatch`), as are batches that do not decode (`bad_batch`). Polls of an AP the district's
configuration does not list are counted (`unknown_ap`), not stored.

The consumer loop is collector/edge/consumer.py. Counters per village go to `intake_counter` (collector `ingest-<worker>`, source `edge:<key>`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from pathlib import Path

from collector.edge import batch as wire
from collector.edge.records import EDGE_POLL, decode_edge_poll, record_time
from collector.edge.subjects import msg_id
from collector.intake import CHUNK, LINE, LineSource, decode_chunk, decode_line, encode_chunk, encode_line

log = logging.getLogger(__name__)


class Rejected(Exception):
    """A batch that will never be stored (counted, acknowledged so it does not come again)."""

    def __init__(self, counter: str, detail: str) -> None:
        super().__init__(detail)
        self.counter = counter


class Ingest:
    def __init__(self, cfg, dsn: str, *, name: str = "1", state_dir: str | Path | None = None) -> None:
        from collector import privacy
        from collector.db.pool import Pool
        from collector.db.writer import PollStore
        from collector.intake import Intake
        from collector.intake_state import Counters
        from collector.portal.store import PortalStore

        self.cfg, self.name = cfg, name
        self.pool = Pool(dsn, size=min(cfg.database.pool_size, 3), name=f"kunang-ingest-{name}")
        self.store = PollStore(self.pool, privacy.from_config(cfg), session_gap_minutes=cfg.analytics.session_gap_minutes,
                               down_after_failures=cfg.snmp.down_after_failures,
                               up_after_successes=cfg.snmp.up_after_successes, pool_size=cfg.database.pool_size)
        self.refs = self.store.sync_inventory(cfg)
        self.portal = PortalStore(self.pool, self.store.pseudo,
                                  session_timeout=dt.timedelta(minutes=cfg.portal.session_timeout_minutes),
                                  site_zones={s.name: s.timezone for s in cfg.sites})
        self.sites = {s.site_key: s.name for s in cfg.sites}
        if state_dir is None:
            state_dir = Path(cfg.spool.dir or Path(cfg.database.data_dir).resolve().parent / "spool") / f"ingest-{name}"
        Path(state_dir).mkdir(parents=True, exist_ok=True)
        self.counters = Counters(state_dir, f"ingest-{name}")
        self.intake = Intake(None, store=self.store, portal=self.portal, counters=self.counters)
        self.heartbeats: dict[str, dict] = {}  # site key -> the last heartbeat
        self.batches = 0
        self._warned: set = set()

    # ------------------------------------------------------------------ one message

    def handle(self, subj: str, data: bytes) -> str:
        """Store one message; returns what became of it ('stored', 'heartbeat', or the counter of a
        rejection). Raises when the database is away (the message comes again)."""
        from collector.district.check import BatchRejected, check_batch_site, subject_site_key

        try:
            key, kind = subject_site_key(subj)
        except BatchRejected as exc:
            return self._reject("?", Rejected(exc.reason, str(exc)))
        if key not in self.sites:
            return self._reject(key, Rejected("unknown_site", f"{subj}: no site with this key in the configuration"))
        if kind == "hb":
            return self._heartbeat(subj, key, data)
        try:
            header, payloads, polls, span, record_sites = self._decode(key, data)
            check_batch_site(subj, record_sites, self.sites)  # the one rule (collector/district/check.py)
        except BatchRejected as exc:
            return self._reject(key, Rejected(exc.reason, str(exc)))
        except Rejected as exc:
            return self._reject(key, exc)
        src = f"edge:{key}"
        mid = msg_id(key, str(header.get("epoch", "")), int(header["first"]), int(header["last"]))
        n = len(payloads) + len(polls)
        if self._sql("edge_batch_seen", (mid,)):  # stored before (a redelivery, a replay): nothing to write
            self.counters.add(src, "replayed_batches", 1)
            return "replayed"
        try:
            payloads, polls = self._resolve(key, header, payloads, polls)
        except Rejected as exc:
            return self._reject(key, exc)
        self.intake.apply(payloads, polls)
        # recorded after the rows' commit: a crash between the two stores nothing twice (idempotent
        # writes), and the batch is recorded when it comes again
        self._sql("edge_batch", (key, mid, *span, n))
        self.batches += 1
        self.counters.add(src, "batches", 1)
        self.counters.add(src, "records", n)
        self.counters.save()
        return "stored"

    def _sql(self, name: str, args: tuple):
        from collector.db.queries import query

        with self.pool.connection() as conn, conn.transaction():
            row = conn.execute(query(name), args).fetchone()
        return row[0] if row else None

    def _decode(self, key: str, data: bytes):
        """(header, line records, polls, record time span, the site each record names)."""
        try:
            b = wire.decode(data)
        except wire.BatchError as exc:
            raise Rejected("bad_batch", str(exc)) from None
        sources = b.header.get("sources") or {}
        record_sites = [b.header.get("site")]
        payloads, polls = [], []
        times = [t for t in (record_time(p) for _c, p in b.records) if t is not None]
        span = (dt.datetime.fromtimestamp(min(times), dt.timezone.utc) if times else None,
                dt.datetime.fromtimestamp(max(times), dt.timezone.utc) if times else None)
        for _count, payload in b.records:
            kind = payload[:1]
            if kind == EDGE_POLL:
                rsite, ap, result = decode_edge_poll(payload)
                record_sites.append(rsite)
                polls.append((rsite, ap, result))
            elif kind in (LINE, CHUNK):
                source = (decode_line(payload) if kind == LINE else decode_chunk(payload))[0]
                spec = sources.get(source)
                if not isinstance(spec, list) or len(spec) != 3:
                    raise Rejected("bad_batch", f"portal source {source!r} not described in the batch")
                record_sites.append(spec[0])
                payloads.append(payload)
            else:
                raise Rejected("bad_batch", f"unknown record kind {kind!r}")
        return b.header, payloads, polls, span, record_sites

    def _resolve(self, key: str, header: dict, payloads: list[bytes], polls: list):
        """Checked records as the intake takes them: sources named `<key>/<source>`, polls with their ApRef."""
        sources = header.get("sources") or {}
        lines = [self._qualified(key, sources, p) for p in payloads]
        out = []
        for rsite, ap, result in polls:
            ref = self.refs.get((rsite, ap))
            if ref is None:
                self.counters.add(f"edge:{key}", "unknown_ap", 1)
                self._warn_once(("ap", key, ap), "edge %s: AP %r is not in the configuration of site %r; "
                                "its polls are counted, not stored", key, ap, rsite)
                continue
            out.append((ref, result))
        return lines, out

    def _qualified(self, key: str, sources: dict, payload: bytes) -> bytes:
        """The record with its source named `<key>/<source>` (villages may use the same names),
        checked against the subject's site, and its parse rule known to the intake."""
        from collector.portal.timeparse import get_zone

        if payload[:1] == LINE:
            source, origin, received, text = decode_line(payload)
        else:
            source, path, offset, received, data = decode_chunk(payload)
        spec = sources[source]
        site = spec[0]
        name = f"{key}/{source}"
        if name not in self.intake.sources or self.intake.sources[name].format != spec[1]:
            try:
                tz = get_zone(spec[2])
            except Exception:
                raise Rejected("bad_batch", f"portal source {source!r}: unknown time zone {spec[2]!r}") from None
            self.intake.sources[name] = LineSource(name, site, spec[1], tz)
        if payload[:1] == LINE:
            return encode_line(name, origin, received, text)
        return encode_chunk(name, path, offset, received, data)

    def _heartbeat(self, subj: str, key: str, data: bytes) -> str:
        from collector.district.check import BatchRejected, check_batch_site
        from collector.edge import heartbeat

        try:
            hb = heartbeat.parse(data)
            check_batch_site(subj, [hb.get("site")], self.sites)
        except ValueError:
            return self._reject(key, Rejected("bad_batch", "damaged heartbeat"))
        except BatchRejected as exc:
            return self._reject(key, Rejected(exc.reason, str(exc)))
        backlog, dropped = hb.get("backlog") or {}, hb.get("dropped") or {}
        oldest = backlog.get("oldest")
        try:
            args = (key, str(hb["edge"])[:64],
                    dt.datetime.fromtimestamp(float(oldest), dt.timezone.utc) if oldest is not None else None,
                    int(backlog.get("records") or 0), int(backlog.get("bytes") or 0), int(dropped.get("records") or 0))
        except (TypeError, ValueError, OverflowError):
            return self._reject(key, Rejected("bad_batch", "damaged heartbeat"))
        self._sql("edge_heartbeat", args)
        hb["received"] = time.time()
        self.heartbeats[key] = hb
        if isinstance(dropped.get("count"), int):
            self.counters.set_max(f"edge:{key}", "spool_dropped", dropped["count"])
        self.counters.add(f"edge:{key}", "heartbeats", 1)
        return "heartbeat"

    def _reject(self, key: str, exc: Rejected) -> str:
        if key in self.sites:  # on the district page (an unknown key has no site to count it for)
            self._sql("edge_rejected", (key,))
        self.counters.add(f"edge:{key}", exc.counter, 1)
        self.counters.save()
        self._warn_once((exc.counter, key), "edge %s: batch rejected (%s): %s", key, exc.counter, exc)
        return exc.counter

    def _warn_once(self, what, msg: str, *args) -> None:
        if what not in self._warned:
            self._warned.add(what)
            log.warning(msg, *args)

    def flush_counters(self) -> None:
        try:
            self.counters.flush(self.pool)
        except Exception as exc:
            from collector.db.pool import log_failure

            log_failure(log, "writing ingest counters", exc)

    def close(self) -> None:
        self.flush_counters()
        self.portal.close()
        self.store.close()
        self.pool.close()

    async def run(self, stop: asyncio.Event, *, ready: asyncio.Event | None = None) -> None:
        """Consume the hub's batches until `stop` (collector/edge/consumer.py)."""
        from collector.edge.consumer import consume

        await consume(self, stop, ready=ready)
