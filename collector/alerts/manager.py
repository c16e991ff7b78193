"""AlertManager: the collector service's entry point into alerting.

    mgr = AlertManager(dsn, cfg)                 # loads state from the database
    changes = store.write_polls(batch)           # batch: [(ApRef, PollResult)]
    mgr.process(batch, changes)                  # after each poll batch
    mgr.tick()                                   # every ~30 s
    mgr.close()

Every decision and its notifications commit in one transaction together with
the detector state (`alert_tracker`), so a restart resumes exactly. Delivery
happens after the commit (see `dispatch`). `now` defaults to the injected
`clock`, so tests drive time explicitly.

Size: the one place where detection, silences, inhibition, grouping and queuing meet inside one
transaction per batch; the rules themselves live in rules/tracker/policy.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from typing import Callable, Iterable

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from collector.alerts import channels as channel_mod
from collector.alerts import checks, dispatch, icmp as icmp_mod, planner
from collector.alerts.queries import q
from collector.alerts.rules import Rule, default_rule, rule_for
from collector.alerts.tracker import ApTracker, settle, step
from collector.db.pool import Pool, log_failure

log = logging.getLogger(__name__)

LOCK_ID = 0x6B756E62  # one alert manager at a time per database


@dataclass(frozen=True)
class ApInfo:
    id: int
    name: str
    site_id: int
    site: str
    timezone: str
    group: str | None = None
    address: str | None = None
    controller_id: int | None = None
    is_controller: bool = False
    active: bool = True


@dataclass(frozen=True)
class PollOutcome:
    """What alerting needs from one poll of one AP (an alternative to (ApRef, PollResult))."""

    ap_id: int
    time: dt.datetime
    reachable: bool
    clients: int | None = None


class _AnySite:
    """Opening hours of the whole fleet: open when any site is open."""

    def __init__(self, sites):
        self.sites = sites

    def is_open(self, when: dt.datetime) -> bool:
        return any(s.is_open(when) for s in self.sites) if self.sites else True


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class AlertManager:
    def __init__(self, dsn: "str | Pool", cfg, *, clock: Callable[[], dt.datetime] = _utcnow, icmp="auto",
                 send: Callable = channel_mod.send, watch_rounds: bool = True, background_delivery: bool = False):
        self.cfg = cfg
        self.section = cfg.alerts
        self.clock = clock
        self.send = send
        self.watch_rounds = watch_rounds  # alert when no poll round completes (off for tests without rounds)
        self.channels = {c.name: c for c in self.section.channels}
        self.sites_cfg = {s.name: s for s in cfg.sites}
        self.aps_cfg = {(s.name, a.name): a for s in cfg.sites for a in s.aps}
        self.started_at = clock()
        self._lock = threading.RLock()  # decisions
        self._send_lock = threading.Lock()  # deliveries
        self._gw_next: dt.datetime | None = None
        if icmp == "auto":
            wanted = self.section.icmp or any(a.icmp for a in self.aps_cfg.values()) or any(
                s.gateway for s in cfg.sites)
            self.icmp = icmp_mod.detect(wanted)
        else:
            self.icmp = icmp or None
        # the process's connection owner (the collector's one pool), or a DSN: then a pool of its own
        self._owns_pool = isinstance(dsn, str)
        self.pool = Pool(dsn, size=2, name="kunang-alerts") if isinstance(dsn, str) else dsn
        self.trackers: dict[str, ApTracker] = {}
        self.inventory: dict[int, ApInfo] = {}
        self._load()
        self._wake = threading.Event()
        self._stopping = False
        self._sender: threading.Thread | None = None
        if background_delivery:  # the service: never block the writer thread on a slow mail server
            self._sender = threading.Thread(target=self._send_loop, name="kunang-alert-sender", daemon=True)
            self._sender.start()

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        if self._sender is not None:
            self._stopping = True
            self._wake.set()
            self._sender.join(timeout=60)
            self._sender = None
        if self._owns_pool and not self.pool.closed:
            self.pool.close()

    def _send_loop(self) -> None:
        while True:
            self._wake.wait(timeout=30)  # woken after each decision; retries are picked up on the timeout
            self._wake.clear()
            try:
                self._deliver_now(self.clock())  # once more when stopping: what is due goes out
            except Exception as exc:  # the loop must survive a database hiccup
                log_failure(log, "delivering notifications", exc)
            if self._stopping:
                break

    def __enter__(self) -> "AlertManager":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _load(self) -> None:
        with self.pool.connection(autocommit=True) as conn:
            self._load_inventory(conn)
            self.trackers = {s: ApTracker.from_json(d) for s, d in conn.execute(q("load_trackers"))}
        self._dirty: set[str] = set()
        self._stale = False

    def _load_inventory(self, conn) -> None:
        cur = conn.cursor(row_factory=dict_row)
        inv = {}
        for r in cur.execute(q("inventory")):
            inv[r["id"]] = ApInfo(r["id"], r["name"], r["site_id"], r["site"], r["timezone"], r["ap_group"],
                                  r["address"], r["controller_id"], r["is_controller"], r["active"])
        self.inventory = inv

    # ------------------------------------------------------------------ rules and context

    def rule_for_ap(self, info: ApInfo) -> Rule:
        return rule_for(self.section, info.site, info.group)

    def site_rule(self, site: str | None) -> Rule:
        return rule_for(self.section, site, None, site_level=True) if site else default_rule(self.section)

    def site_info(self, site_id: int) -> ApInfo | None:
        for info in self.inventory.values():
            if info.site_id == site_id:
                return ApInfo(0, "", site_id, info.site, info.timezone)
        return None

    def context_for(self, row: dict):
        """(site config or None, rule) for an alert row."""
        info = self.inventory.get(row["ap_id"]) if row["ap_id"] else None
        site_name = info.site if info else None
        if site_name is None and row["site_id"] is not None:
            si = self.site_info(row["site_id"])
            site_name = si.site if si else None
        site_cfg = self.sites_cfg.get(site_name) if site_name else None
        if row["kind"] == "collector_stalled":
            return None, default_rule(self.section)
        if row["kind"] == "network_down":
            return _AnySite(self.cfg.sites), default_rule(self.section)
        if info is not None:
            return site_cfg, self.rule_for_ap(info)
        return site_cfg, self.site_rule(site_name)

    def site_aps(self) -> dict[int, list[ApInfo]]:
        """Active APs whose rule is enabled, by site: the ones site inhibition counts."""
        out: dict[int, list[ApInfo]] = {}
        for info in self.inventory.values():
            if info.active and not info.is_controller and self.rule_for_ap(info).enabled:
                out.setdefault(info.site_id, []).append(info)
        return out

    def grouping(self, row: dict, rule: Rule, now: dt.datetime) -> bool:
        """Hold a new down notice while the picture is still forming: the AP answers again, sibling APs of
        its site are failing but not yet confirmed, or every AP of the fleet is failing (a network-wide
        outage about to be confirmed as one alert). Bounded by N+1 poll intervals, except the first."""
        if row["kind"] not in ("ap_down", "site_down"):
            return False
        if row["kind"] == "ap_down" and row["ap_id"] is not None:
            own = self.trackers.get(f"ap:{row['ap_id']}")
            if own is not None and own.state == "down" and own.oks > 0:
                return True  # answering again: announce nothing until it is confirmed either way
        wait = dt.timedelta(seconds=self.cfg.snmp.poll_interval_s * (rule.down_after + 1))
        if now >= row["opened_at"] + wait:
            return False
        by_site = self.site_aps()
        if self.fleet_failing(by_site):
            return True
        info = self.inventory.get(row["ap_id"]) if row["ap_id"] else None
        if row["kind"] != "ap_down" or info is None:
            return False
        for other in by_site.get(info.site_id, []):
            tr = self.trackers.get(f"ap:{other.id}")
            if other.id != info.id and tr is not None and tr.suspect and not tr.flapping:
                return True
        return False

    def fleet_failing(self, by_site: dict[int, list[ApInfo]]) -> bool:
        """Every alertable AP of at least two sites is failing (confirmed or not)."""
        if sum(1 for aps in by_site.values() if aps) < 2:
            return False
        for aps in by_site.values():
            for a in aps:
                tr = self.trackers.get(f"ap:{a.id}")
                if tr is None or (tr.state != "down" and tr.fails == 0):
                    return False
        return True

    # ------------------------------------------------------------------ public API

    def process(self, batch: Iterable = (), changes: Iterable = (), now: dt.datetime | None = None) -> None:
        """Feed one poll batch: [(ApRef, PollResult)] or [PollOutcome], plus PollStore's StateChanges."""
        now = now or self.clock()
        outcomes = [self._outcome(item) for item in batch]
        outcomes = self._confirm_with_icmp(outcomes)
        changes = list(changes)
        self._transaction(now, lambda conn: self._observe_all(conn, outcomes, changes, now))
        self.deliver(now)

    def tick(self, now: dt.datetime | None = None) -> None:
        """Every ~30 s: flap settling, gateway pings, stalled/silent checks, held notices, reminders, digest, retries."""
        now = now or self.clock()
        gateways = self._ping_gateways(now)
        self._transaction(now, lambda conn: self._tick(conn, now, gateways))
        self.deliver(now)

    def deliver(self, now: dt.datetime | None = None) -> dict[str, int] | None:
        """Send what is due: right away, or by waking the background sender."""
        if self._sender is not None:
            self._wake.set()
            return None
        return self._deliver_now(now or self.clock())

    def _deliver_now(self, now: dt.datetime) -> dict[str, int]:
        with self._send_lock, self.pool.connection(autocommit=True) as conn:
            return dispatch.deliver_due(conn, self.channels, now, send=self.send)

    # ------------------------------------------------------------------ internals

    def _transaction(self, now: dt.datetime, body: Callable) -> None:
        with self._lock:
            try:
                with self.pool.connection(autocommit=True) as conn, conn.transaction():
                    conn.execute(q("round_lock"), (LOCK_ID,))
                    if self._stale:  # a rolled-back transaction left memory ahead of the database
                        self._load_inventory(conn)
                        self.trackers = {s: ApTracker.from_json(d) for s, d in conn.execute(q("load_trackers"))}
                        self._dirty = set()
                        self._stale = False
                    body(conn)
                    checks.inhibit(conn, self, now)
                    self._save_trackers(conn, now)
                    planner.plan(conn, self, now)
            except BaseException:
                # Reload before the next decision: a poll whose "down" event was rolled back must not be
                # forgotten (its effect is then recomputed from the stored counters on the next polls).
                self._stale = True
                raise

    def _outcome(self, item) -> PollOutcome:
        if isinstance(item, PollOutcome):
            return item
        ref, r = item
        return PollOutcome(ref.ap_id, r.started_at, bool(r.reachable), r.clients_total if r.reachable else None)

    def _icmp_wanted(self, info: ApInfo) -> bool:
        ap = self.aps_cfg.get((info.site, info.name))
        flag = ap.icmp if ap is not None and ap.icmp is not None else self.section.icmp
        return bool(flag and info.address)

    def _confirm_with_icmp(self, outcomes: list[PollOutcome]) -> list[PollOutcome]:
        """With ICMP on, a failed SNMP poll counts as a failure only if the AP does not answer ping either."""
        if self.icmp is None:
            return outcomes
        todo = {}
        for o in outcomes:
            info = self.inventory.get(o.ap_id)
            if not o.reachable and info is not None and self._icmp_wanted(info):
                todo[o.ap_id] = info.address
        if not todo:
            return outcomes
        alive = self.icmp.ping_many(sorted(set(todo.values())))
        out = []
        for o in outcomes:
            if o.ap_id in todo and alive.get(todo[o.ap_id]):
                log.info("AP %d does not answer SNMP but answers ping: counted as reachable", o.ap_id)
                o = PollOutcome(o.ap_id, o.time, True, None)
            out.append(o)
        return out

    def _info(self, conn, ap_id: int) -> ApInfo | None:
        info = self.inventory.get(ap_id)
        if info is None:
            self._load_inventory(conn)
            info = self.inventory.get(ap_id)
        return info

    def _observe_all(self, conn, outcomes: list[PollOutcome], changes: list, now: dt.datetime) -> None:
        recovered: set[int] = set()
        for o in sorted(outcomes, key=lambda o: o.time):
            info = self._info(conn, o.ap_id)
            if info is None:
                continue
            rule = self.rule_for_ap(info)
            if not rule.enabled:
                continue
            subject = f"ap:{info.id}"
            tr = self.trackers.setdefault(subject, ApTracker())
            before = tr.to_json()
            events = step(tr, rule, o.time, o.reachable, o.clients)
            events += settle(tr, rule, o.time)  # no-op unless flapping and still for the whole window
            if "up" in events:
                recovered.add(info.id)
            checks.apply_events(conn, self, info, rule, tr, events, o.time)
            if tr.to_json() != before:
                self._dirty.add(subject)
        for c in changes:
            info = self._info(conn, c.ap_id)
            if info is not None and self.rule_for_ap(info).enabled:
                checks.apply_change(conn, self, info, c, recovered)

    def _tick(self, conn, now: dt.datetime, gateways: dict[int, bool]) -> None:
        for subject, tr in list(self.trackers.items()):
            if not tr.flapping or not subject.startswith("ap:"):
                continue
            info = self.inventory.get(int(subject[3:]))
            if info is None:
                continue
            rule = self.rule_for_ap(info)
            events = settle(tr, rule, now)
            if events:
                checks.apply_events(conn, self, info, rule, tr, events, now)
                self._dirty.add(subject)
        for site_id, ok in gateways.items():
            info = self.site_info(site_id)
            rule = self.site_rule(info.site if info else None)
            subject = f"gw:{site_id}"
            tr = self.trackers.setdefault(subject, ApTracker())
            step(tr, rule, now, ok)
            self._dirty.add(subject)
        if self.watch_rounds:
            checks.collector_stalled(conn, self, now)
        checks.portal_silent(conn, self, now)
        checks.village_silent(conn, self, now)
        checks.lines_dropped(conn, self, now)
        checks.digest(conn, self, now)

    def _ping_gateways(self, now: dt.datetime) -> dict[int, bool]:
        if self.icmp is None or (self._gw_next is not None and now < self._gw_next):
            return {}
        by_name = {info.site: info.site_id for info in self.inventory.values()}
        targets = {by_name[s.name]: s.gateway for s in self.cfg.sites if s.gateway and s.name in by_name}
        if not targets:
            return {}
        self._gw_next = now + dt.timedelta(seconds=self.cfg.snmp.poll_interval_s)
        alive = self.icmp.ping_many(sorted(set(targets.values())))
        return {sid: alive.get(addr, False) for sid, addr in targets.items()}

    def _save_trackers(self, conn, now: dt.datetime) -> None:
        if not self._dirty:
            return
        with conn.cursor() as cur:
            cur.executemany(q("save_tracker"), [
                {"subject": s, "data": Jsonb(self.trackers[s].to_json()), "t": now}
                for s in sorted(self._dirty) if s in self.trackers])
        self._dirty = set()
