"""Alert bookkeeping inside the manager's transaction: events -> alert rows,
site inhibition, collector-stalled and portal-silent checks, daily digest."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from collector.alerts import templates
from collector.alerts.queries import q
from contract import STALLED_AFTER_POLLS

log = logging.getLogger(__name__)


def _iso(ts: float | dt.datetime | None) -> str | None:
    if ts is None:
        return None
    if isinstance(ts, dt.datetime):
        return ts.isoformat()
    return dt.datetime.fromtimestamp(ts, dt.timezone.utc).isoformat()


def open_alert(conn, kind: str, subject: str, t: dt.datetime, *, site_id=None, ap_id=None, rule="default",
               detail: dict | None = None) -> int | None:
    row = conn.execute(q("open_alert"), {"kind": kind, "subject": subject, "site_id": site_id, "ap_id": ap_id,
                                         "rule": rule, "t": t, "detail": Jsonb(detail or {})}).fetchone()
    if row:
        log.warning("alert #%d opened: %s %s %s", row[0], kind, subject, detail or "")
    return row[0] if row else None


def resolve_alert(conn, kind: str, subject: str, t: dt.datetime, resolution: str, detail: dict | None = None):
    row = conn.execute(q("resolve_alert"), {"kind": kind, "subject": subject, "t": t, "resolution": resolution,
                                            "detail": Jsonb(detail or {})}).fetchone()
    if row:
        log.info("alert #%d resolved (%s): %s %s", row[0], resolution, kind, subject)
    return row[0] if row else None


def _ap_detail(info, **extra) -> dict:
    return {"ap": info.name, "site": info.site, **{k: v for k, v in extra.items() if v is not None}}


def apply_events(conn, mgr, info, rule, tr, events: list[str], t: dt.datetime) -> None:
    subject = f"ap:{info.id}"
    common = {"site_id": info.site_id, "ap_id": info.id, "rule": rule.name}
    for ev in events:
        if ev == "flap_start":
            since = tr.transitions[0] if tr.transitions else t.timestamp()
            open_alert(conn, "ap_flapping", subject, t, **common, detail=_ap_detail(
                info, since=_iso(since), transitions=len(tr.transitions), minutes=rule.flap_window_s // 60))
            resolve_alert(conn, "ap_down", subject, t, "superseded")
        elif ev == "flap_end":
            # settled down: the down alert that follows says so; no "stable" notice
            resolve_alert(conn, "ap_flapping", subject, t, "settled" if tr.state != "down" else "superseded",
                          {"state": tr.state})
            if tr.state == "down":
                open_alert(conn, "ap_down", subject, t, **common,
                           detail=_ap_detail(info, since=_iso(tr.first_fail or t)))
        elif ev == "down" and not tr.flapping:
            open_alert(conn, "ap_down", subject, t, **common, detail=_ap_detail(info, since=_iso(tr.first_fail or t)))
        elif ev == "up" and not tr.flapping:
            resolve_alert(conn, "ap_down", subject, t, "recovered")
        elif ev == "high_load":
            open_alert(conn, "high_load", subject, t, **common, detail=_ap_detail(
                info, since=_iso(tr.high_since), clients=tr.clients, minutes=rule.high_load_minutes))
        elif ev == "high_load_end":
            resolve_alert(conn, "high_load", subject, t, "recovered")


def apply_change(conn, mgr, info, change, recovered: set[int]) -> None:
    """PollStore StateChanges that alerting uses: reboot, controller_down, controller_up."""
    subject = f"ap:{info.id}"
    rule = mgr.rule_for_ap(info)
    common = {"site_id": info.site_id, "ap_id": info.id, "rule": rule.name}
    tr = mgr.trackers.get(subject)
    if change.kind == "reboot":
        if info.id in recovered or (tr is not None and tr.state == "down"):
            return  # the recovery notice covers it
        open_alert(conn, "ap_reboot", subject, change.time, **common, detail=_ap_detail(
            info, since=_iso(change.time), uptime_before=change.detail.get("uptime_before"),
            uptime_after=change.detail.get("uptime_after")))
    elif change.kind == "controller_down":
        open_alert(conn, "ap_down", subject, change.time, **common,
                   detail=_ap_detail(info, since=_iso(change.time), via="controller"))
    elif change.kind == "controller_up":
        resolve_alert(conn, "ap_down", subject, change.time, "recovered")


def retire(conn, mgr, firing: list, now: dt.datetime) -> None:
    """AP alerts of APs removed from the configuration end silently (no recovery notice)."""
    gone = sorted({ap for _a, _k, _s, _site, ap, _i in firing
                   if ap is not None and (ap not in mgr.inventory or not mgr.inventory[ap].active)})
    if gone:
        conn.execute(q("retire_alerts"), {"ap_ids": gone, "t": now})


def inhibit(conn, mgr, now: dt.datetime) -> None:
    """All APs of a site down (or its gateway) -> one site alert covering the AP alerts."""
    firing = conn.execute(q("firing_alerts")).fetchall()
    retire(conn, mgr, firing, now)
    site_alert = {site_id: aid for aid, kind, _s, site_id, _ap, _i in firing if kind == "site_down"}
    ap_down = {ap for _a, kind, _s, _site, ap, _i in firing if kind == "ap_down"}
    by_site = mgr.site_aps()
    gw_sites = {int(s[3:]) for s, tr in mgr.trackers.items() if s.startswith("gw:") and tr.state == "down"}
    gateways = {s.name: s.gateway for s in mgr.cfg.sites}
    for site_id in set(by_site) | set(site_alert) | gw_sites:
        aps = by_site.get(site_id, [])
        down = [a for a in aps if a.id in ap_down or getattr(mgr.trackers.get(f"ap:{a.id}"), "state", "") == "down"]
        gw_down = site_id in gw_sites
        if (len(aps) >= 2 and len(down) == len(aps)) or gw_down:
            aid = site_alert.get(site_id)
            if aid is None:
                starts = [mgr.trackers[f"ap:{a.id}"].first_fail for a in down
                          if f"ap:{a.id}" in mgr.trackers and mgr.trackers[f"ap:{a.id}"].first_fail]
                info = mgr.site_info(site_id)
                aid = open_alert(conn, "site_down", f"site:{site_id}", now, site_id=site_id,
                                 rule=mgr.site_rule(info.site if info else None).name, detail={
                                     "site": info.site if info else None, "aps": len(aps),
                                     "since": _iso(min(starts) if starts else now),
                                     **({"gateway": gateways.get(info.site)} if gw_down and info else {})})
            if aid is not None:
                conn.execute(q("inhibit_site"), {"site_alert": aid, "site_id": site_id})
        elif site_id in site_alert:
            resolve_alert(conn, "site_down", f"site:{site_id}", now, "recovered")
            conn.execute(q("release_site"), {"site_alert": site_alert[site_id]})
    _network(conn, mgr, firing, by_site, ap_down, now)


def _network(conn, mgr, firing: list, by_site: dict, ap_down: set, now: dt.datetime) -> None:
    """Every AP of every site (two or more sites) down: the collector's own network, one alert for all."""
    net = next((aid for aid, kind, *_ in firing if kind == "network_down"), None)
    aps = [a for site_aps in by_site.values() for a in site_aps]
    sites = sum(1 for site_aps in by_site.values() if site_aps)
    all_down = sites >= 2 and all(
        a.id in ap_down or getattr(mgr.trackers.get(f"ap:{a.id}"), "state", "") == "down" for a in aps)
    if all_down:
        if net is None:
            starts = [mgr.trackers[f"ap:{a.id}"].first_fail for a in aps
                      if f"ap:{a.id}" in mgr.trackers and mgr.trackers[f"ap:{a.id}"].first_fail]
            net = open_alert(conn, "network_down", "network:all", now, detail={
                "sites": sites, "aps": len(aps), "since": _iso(min(starts) if starts else now)})
        if net is not None:
            conn.execute(q("inhibit_all"), {"net": net})
    elif net is not None:
        resolve_alert(conn, "network_down", "network:all", now, "recovered")
        conn.execute(q("release_site"), {"site_alert": net})


def collector_stalled(conn, mgr, now: dt.datetime) -> None:
    last = conn.execute(q("last_round")).fetchone()[0]
    baseline = max(last, mgr.started_at) if last else mgr.started_at
    limit = dt.timedelta(seconds=STALLED_AFTER_POLLS * mgr.cfg.snmp.poll_interval_s)
    subject = "collector:default"
    if now - baseline > limit:
        open_alert(conn, "collector_stalled", subject, now, detail={"since": _iso(baseline)})
    elif last is not None and now - last <= limit:
        resolve_alert(conn, "collector_stalled", subject, now, "recovered")


def portal_silent(conn, mgr, now: dt.datetime) -> None:
    silent = dt.timedelta(minutes=mgr.section.portal_silent_minutes)
    site_ids = {info.site: info.site_id for info in mgr.inventory.values()}
    for src in mgr.cfg.portal.sources:
        site = mgr.sites_cfg.get(src.site)
        if site is None:
            continue
        last = conn.execute(q("last_portal_event"), {"source": src.name}).fetchone()[0]
        baseline = max(last, mgr.started_at) if last else mgr.started_at
        subject = f"portal:{src.name}"
        if site.is_open(now) and site.is_open(now - silent) and now - baseline >= silent:
            open_alert(conn, "portal_silent", subject, now, site_id=site_ids.get(src.site), detail={
                "site": src.site, "source_name": src.name, "since": _iso(last or baseline),
                "minutes": mgr.section.portal_silent_minutes})
        elif last is not None and now - last < silent:
            resolve_alert(conn, "portal_silent", subject, now, "recovered")


def village_silent(conn, mgr, now: dt.datetime) -> None:
    """A village's edge that has sent nothing for alerts.village_silent_hours: one alert per site
    (its APs are polled by the edge, so they raise nothing meanwhile); resolved by its next message."""
    hours = mgr.section.village_silent_hours
    rows = conn.execute(q("villages"), {"started": mgr.started_at, "now": now, "hours": hours}).fetchall()
    for site_id, site, last, status in rows:
        subject = f"village:{site_id}"
        if status == "silent":
            open_alert(conn, "village_silent", subject, now, site_id=site_id, detail={
                "site": site, "since": _iso(last or mgr.started_at), "hours": hours, "never": last is None})
        else:
            resolve_alert(conn, "village_silent", subject, now, "recovered")


DROP_COUNTERS = ("kernel_drops", "spool_dropped")
QUIET_AFTER = dt.timedelta(minutes=30)  # no new drop for this long: resolved


def lines_dropped(conn, mgr, now: dt.datetime) -> None:
    """A source dropped lines (kernel UDP drops, spool overflow) since the last check:
    one alert per source, resolved after QUIET_AFTER without a new drop."""
    seen = getattr(mgr, "_drops_seen", None)
    totals = {(c, s): v for c, s, v in conn.execute(q("intake_drops"), {"names": list(DROP_COUNTERS)})}
    mgr._drops_seen = totals
    if seen is None:  # first look after a start: drops from before are history
        mgr._drops_last = {}
        return
    for key, value in totals.items():
        subject = f"intake:{key[0]}/{key[1]}"
        new = value - seen.get(key, value if key in seen else 0)
        if new > 0:
            mgr._drops_last[key] = now
            open_alert(conn, "lines_dropped", subject, now, detail={
                "source_name": key[1], "collector": key[0], "lines": new, "total": value, "since": _iso(now)})
        elif key in mgr._drops_last and now - mgr._drops_last[key] >= QUIET_AFTER:
            del mgr._drops_last[key]
            resolve_alert(conn, "lines_dropped", subject, now, "recovered")


def digest(conn, mgr, now: dt.datetime) -> None:
    when = mgr.section.daily_digest
    if not when or not mgr.channels:
        return
    tz = mgr.cfg.sites[0].timezone if mgr.cfg.sites else "Asia/Makassar"
    local = now.astimezone(ZoneInfo(tz))
    hh, mm = map(int, when.split(":"))
    if (local.hour, local.minute) < (hh, mm):
        return
    prefix = f"digest:{local.date().isoformat()}:"
    if conn.execute(q("digest_done"), {"prefix": prefix + "%"}).fetchone():
        return
    row = conn.cursor(row_factory=dict_row).execute(q("digest_facts"), {"since": now - dt.timedelta(days=1)}).fetchone()
    for ch in mgr.channels.values():
        lang = ch.language or mgr.cfg.language
        lines = []
        for a in row["firing"]:
            kind = a["kind"]
            facts = {"ap": a["detail"].get("ap"), "site": a["detail"].get("site"), "tz": tz,
                     "source": a["detail"].get("source_name"), "aps": a["detail"].get("aps"),
                     "since": dt.datetime.fromisoformat(a["detail"].get("since") or a["opened_at"]),
                     "clients": a["detail"].get("clients"), "minutes": a["detail"].get("minutes"),
                     "hours": a["detail"].get("hours"),
                     "transitions": a["detail"].get("transitions")}
            lines.append((a["id"], templates.render(kind, "firing", lang, facts)[0].removeprefix("[Kunang] ")))
        subject, body = templates.render_digest(lang, local.date(), row["opened"], lines)
        conn.execute(q("queue_notification"), {
            "alert_id": None, "event": "digest", "channel": ch.name, "channel_type": ch.type, "language": lang,
            "dedup": prefix + ch.name, "subject": subject, "body": body, "t": now,
            "payload": Jsonb({"source": "kunang", "event": "digest", "date": local.date().isoformat(),
                              "title": subject, "text": body, "opened_24h": row["opened"],
                              "firing": [i for i, _ in lines], "language": lang})})
