"""Accuracy of the usage figures against the simulator's ground truth (issue 22).

    .venv/bin/python -m bench.accuracy [--dsn SERVER_DSN] [--days 14] [--window 7] [--sites 2 --aps 6]
                                       [--scenario NAME ...] [--json]

For each scenario (poll interval 60 s / 600 s, randomised MACs on/off, one blind AP per site on/off)
a fresh database is filled by the simulator's backfill (the same store, sessions, portal parsing and
analytics refresh as a live collector), its ground truth (`visit` records: persons, their devices,
arrivals and departures) is written beside it, and every figure of docs/metrics.md that the truth
defines is compared per site-day: mean |error| and worst error. Not compared: occupancy and bytes (the
APs' own counts and counters, checked exactly by the session and counter tests), unique visitors over a
range (a device count; the truth's persons have no cross-day device identity to compare with). The "Done when" figures of issue 22
are also compared per site over the whole period (a site-month when --days covers one). The median dwell is
compared twice: measured (`visit.dwell_s`) and as shown on blind-AP days (`dwell_median (estimate)`:
`visit.dwell_est_s` where the refresh made one, weighted for the visits no source saw by the product's
`kunang_dwell_weight`, docs/metrics.md "Dwell on a site-day with a blind AP"); per site-month also
unweighted (`dwell_median (estimate, unweighted)`, the figure shown before: the weighting's anchor).
"Sessions (estimate)" per site and site-month comes with the standard error of its unseen-visit estimate
(`unseen_se`: from the measured counts only) and z = error / SE, so a reader tells sampling from bias
(docs/metrics.md, "The unseen-visit estimate's sampling error"; many seeds without a backfill:
bench/accuracy_unseen.py). `--seed` picks the simulated world (default 3, the run of record).

Truth definitions (from the `visit` records, the model's own stays; no poll sees them):
- sessions: device stays (one per device per arrival); dwell: leave - arrive of each stay;
- devices: distinct MACs present; visitor devices: presence >= M minutes;
- persons: distinct persons present >= M minutes (a person's presence: first arrival to last
  departure of their devices); returning share: persons present on day D who were present at the
  site on another day of D-W .. D-1, counted only where W days of history exist (the period's
  first W days have no full window, for the truth as for Kunang).
Without --dsn an embedded PostgreSQL is started in .bench/pgdata. Ctrl-C stops between scenarios.

Size: the truth definitions sit beside the comparisons they feed, one figure per function, so a reader checks
each against docs/metrics.md in one place.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.accuracy_dwell import dwell_analysis, print_dwell  # noqa: E402
from collector.db import migrate  # noqa: E402

KEY = "accuracy-bench-key-0123456789abcdef"
END = dt.datetime(2026, 11, 28, 16, 0, tzinfo=dt.timezone.utc)  # Sunday 00:00 WITA: whole local days
SCENARIOS = {  # name: (poll interval s, randomised MACs, one blind AP per site)
    "60s-random-blind": (60, True, True),
    "60s-random": (60, True, False),
    "60s-blind": (60, False, True),
    "60s-plain": (60, False, False),
    "600s-random-blind": (600, True, True),
    "600s-random": (600, True, False),
    "600s-blind": (600, False, True),
    "600s-plain": (600, False, False),
}
# issue 22, "Done when" (at 60 s, randomised MACs, multi-device visitors, one blind AP per site)
TARGETS = {"persons": 0.05, "sessions": 0.03, "dwell_median": 0.05, "returning_share": 0.10}


def _ts(s: str) -> float:
    return dt.datetime.fromisoformat(s).timestamp()


# ---------------------------------------------------------------------------- truth

def truth_figures(records, tz: ZoneInfo, visitor_min_s: int, window_days: int, first_day: dt.date):
    """Per (site, local day) and per site over the whole period: the true figures."""
    stays = defaultdict(list)  # (site, day) -> [(person, mac, randomized, arrive, leave)]
    blind_by_day = defaultdict(list)  # (site, day) -> [a visit was on a blind AP]
    logins = defaultdict(int)
    for r in records:
        if r.get("type") != "visit":
            continue
        a, b = _ts(r["arrive"]), _ts(r["leave"])
        day = dt.datetime.fromtimestamp(a, tz).date()
        stays[(r["site"], day)].append((r["person"], r["mac"], r["randomized"], a, b))
        blind_by_day[(r["site"], day)].append(bool(r.get("blind")))
        if r.get("login"):
            logins[(r["site"], dt.datetime.fromtimestamp(_ts(r["login"]), tz).date())] += 1
    present = defaultdict(set)  # site -> {(person, day)}
    for (site, day), rows in stays.items():
        for p, *_ in rows:
            present[site].add((p, day))
    days = {}
    for (site, day), rows in stays.items():
        dev = defaultdict(float)
        for _p, mac, _r, a, b in rows:
            dev[mac] += b - a
        span = defaultdict(lambda: [float("inf"), 0.0])
        for p, _m, _r, a, b in rows:
            span[p][0] = min(span[p][0], a)
            span[p][1] = max(span[p][1], b)
        persons = {p for p, (a, b) in span.items() if b - a >= visitor_min_s}
        full = (day - first_day).days >= window_days
        returning = None
        if full:
            returning = sum(1 for p in persons if any((p, day - dt.timedelta(days=k)) in present[site]
                                                      for k in range(1, window_days + 1)))
        visitor_devs = {m for m, s in dev.items() if s >= visitor_min_s}
        days[(site, day)] = {
            "sessions": len(rows),
            "dwell_median": statistics.median(b - a for *_x, a, b in rows),
            "dwell_p90": statistics.quantiles([b - a for *_x, a, b in rows], n=10, method="inclusive")[-1]
            if len(rows) > 1 else rows[0][4] - rows[0][3],
            "passersby": len(dev) - len([m for m, x in dev.items() if x >= visitor_min_s]),
            "portal_logins": logins.get((site, day), 0),
            "devices": len(dev),
            "visitor_devices": len(visitor_devs),
            "persons": len(persons),
            "returning": returning,
            "randomized_visitors": len({m for _p, m, r, *_t in rows if r and m in visitor_devs}),
            "dwells": [b - a for *_x, a, b in rows],
            "person_ids": persons,
            "visitor_macs": visitor_devs,
            "blind": any(r_blind for r_blind in blind_by_day.get((site, day), ())),
            "window_full": full,
        }
    return days


# ---------------------------------------------------------------------------- measured

def measured_figures(conn) -> dict:
    rows = conn.execute(sql.SQL("SELECT s.name AS site, d.* FROM site_daily d JOIN site s ON s.id = d.site_id"))
    cols = [c.name for c in rows.description]
    out = {}
    for r in rows.fetchall():
        r = dict(zip(cols, r))
        out[(r["site"], r["day"])] = r
    return out


def _dwells(conn) -> dict:
    """(site, day) -> [(measured dwell, estimated stay: the estimate on a blind-AP day, else the measured,
    the visit's weight in the estimated median: the product's kunang_dwell_weight, dwell_estimate.sql)]."""
    out = defaultdict(list)
    for site, day, dwell, est, w in conn.execute(
            "SELECT s.name, v.day, v.dwell_s, coalesce(v.dwell_est_s, v.dwell_s), "
            "kunang_dwell_weight(v.source, v.dwell_est_s IS NOT NULL, d.sessions_portal_only, d.sessions_both) "
            "FROM visit v JOIN site s ON s.id = v.site_id "
            "LEFT JOIN site_daily d ON d.site_id = v.site_id AND d.day = v.day"):
        out[(site, day)].append((dwell, est, w))
    return out


def weighted_median(conn, pairs):
    """Median of [(value, weight)] by the product's own kunang_weighted_median (dwell_estimate.sql: the rule
    lives there once, so a change to it is what this bench measures); None for no pairs."""
    return conn.execute("SELECT kunang_weighted_median(%s::float8[], %s::float8[])",
                        ([float(v) for v, _w in pairs], [float(w) for _v, w in pairs])).fetchone()[0]


def _median(dwells: dict, keys, k: int, conn=None):
    """Median of the measured (k=0) dwell over the visits of the site-days `keys`, or the estimated median
    (k=1) as shown: the estimated stays weighted for the visits no source saw; k=2: the estimated stays
    unweighted (the anchor of that weighting)."""
    if k == 1:
        return weighted_median(conn, [(d[1], d[2]) for key in keys for d in dwells.get(key, ())])
    vals = [d[min(k, 1)] for key in keys for d in dwells.get(key, ())]
    return statistics.median(vals) if vals else None


def _rel(m, t):
    if m is None or t is None:
        return None
    if t == 0:
        return 0.0 if m == 0 else None
    return (m - t) / t


FIGURES = (  # name, truth key, measured getter
    ("sessions", "sessions", lambda r: r["sessions"]),
    ("sessions (estimate)", "sessions", lambda r: r["sessions"] + (r.get("sessions_unseen") or 0)),
    ("dwell_median", "dwell_median", lambda r: r["dwell_median_s"]),
    ("dwell_median (estimate)", "dwell_median",
     lambda r: r["dwell_median_est_s"] if r.get("dwell_median_est_s") is not None else r["dwell_median_s"]),
    ("dwell_p90", "dwell_p90", lambda r: r["dwell_p90_s"]),
    ("passers-by (devices)", "passersby", lambda r: r["passersby"]),
    ("portal logins", "portal_logins", lambda r: r["portal_logins"]),
    ("devices", "devices", lambda r: r["devices"]),
    ("visitors (devices)", "visitor_devices", lambda r: r["visitors"]),
    ("visitors as persons", "persons", lambda r: r["visitors"]),
    ("persons (estimate)", "persons", lambda r: r.get("persons_est")),
    ("randomized visitors", "randomized_visitors", lambda r: r["randomized_visitors"]),
)


def _error_summary(errs: list[tuple[float, tuple]]) -> dict:
    """Mean |error|, the worst error and its site-day, of [(relative error, (site, day))]."""
    worst = max(errs, key=lambda x: abs(x[0]))
    return {"mean_abs": statistics.fmean(abs(e) for e, _ in errs), "worst": worst[0],
            "worst_day": f"{worst[1][0]} {worst[1][1]}", "n": len(errs)}


def compare(truth: dict, meas: dict, dwells: dict, window: int, conn) -> dict:
    """Per-figure mean |error| and worst error over site-days, and per-site figures over the period (`conn`: the
    filled database, whose kunang_weighted_median makes the shown median)."""
    per_day = {}
    for name, tkey, get in FIGURES:
        errs = []
        for key, t in truth.items():
            m = meas.get(key)
            if m is None or t["sessions"] < 5:
                continue
            e = _rel(get(m), t[tkey])
            if e is not None:
                errs.append((e, key))
        if errs:
            per_day[name] = _error_summary(errs)
    # returning share per full-window site-day: persons' truth vs Kunang's returning visitors / visitors
    for name, num, den in (("returning share", "returning_visitors", "visitors"),
                           ("returning share (estimate)", "returning_est", "returning_base")):
        errs = []
        for key, t in truth.items():
            m = meas.get(key)
            if m is None or t["returning"] is None or not t["persons"] or m.get(num) is None or not m.get(den):
                continue
            e = _rel(m[num] / m[den], t["returning"] / t["persons"])
            if e is not None:
                errs.append((e, key))
        if errs:
            per_day[name] = _error_summary(errs)
    inside = [meas[k]["persons_low"] <= t["persons"] <= meas[k]["persons_high"] for k, t in truth.items()
              if k in meas and meas[k].get("persons_low") is not None and t["sessions"] >= 5]
    if inside:
        per_day["persons range holds the truth"] = {"share": sum(inside) / len(inside), "n": len(inside)}
    per_site = {}
    for site in sorted({k[0] for k in truth}):
        keys = [k for k in truth if k[0] == site]
        t_sessions = sum(truth[k]["sessions"] for k in keys)
        m_sessions = sum(meas[k]["sessions"] for k in keys if k in meas)
        t_persons = sum(truth[k]["persons"] for k in keys)
        m_persons = sum((meas[k].get("persons_est") or 0) for k in keys if k in meas)
        m_visitors = sum(meas[k]["visitors"] for k in keys if k in meas)
        t_dw = statistics.median(d for k in keys for d in truth[k]["dwells"])
        full = [k for k in keys if truth[k]["returning"] is not None and k in meas]
        t_ret = sum(truth[k]["returning"] for k in full) / max(1, sum(truth[k]["persons"] for k in full))
        ret_dev = _share(meas, full, "returning_visitors", "visitors")
        ret_est = _share(meas, full, "returning_est", "returning_base")
        per_site[site] = {
            "sessions": _rel(m_sessions, t_sessions),
            **_sessions_est(meas, truth, keys),
            "persons (estimate)": _rel(m_persons, t_persons) if m_persons else None,
            "visitors as persons": _rel(m_visitors, t_persons),
            "dwell_median": _rel(_median(dwells, keys, 0), t_dw),
            "dwell_median (estimate)": _rel(_median(dwells, keys, 1, conn), t_dw),
            "returning share (devices)": _rel(ret_dev, t_ret) if full and ret_dev is not None else None,
            "returning share (estimate)": _rel(ret_est, t_ret) if full and ret_est is not None else None,
            "true": {"sessions": t_sessions, "persons": t_persons, "dwell_median_s": round(t_dw),
                     "returning_share": round(t_ret, 3), "full_window_days": len(full)},
            "flags": {"incomplete_days": sum(1 for k in keys if k in meas and meas[k]["incomplete"]),
                      # days where a blind AP or a short history limits a figure but Kunang does not say so
                      "blind_unflagged": sum(1 for k in keys if truth[k]["blind"]
                                             and not (k in meas and meas[k].get("incomplete_clients"))),
                      "history_unflagged": sum(1 for k in keys if not truth[k]["window_full"] and k in meas
                                               and (meas[k].get("history_days") or 0) >= window),
                      "client_incomplete_days": sum(1 for k in keys if k in meas and meas[k].get("incomplete_clients")),
                      "days": len(keys)},
        }
    per_month = {}
    for site, month in sorted({(k[0], k[1].replace(day=1)) for k in truth}):
        keys = [k for k in truth if k[0] == site and k[1].replace(day=1) == month and k in meas]
        full = [k for k in keys if truth[k]["returning"] is not None]
        t_ret = sum(truth[k]["returning"] for k in full) / max(1, sum(truth[k]["persons"] for k in full))
        ret_est = _share(meas, full, "returning_est", "returning_base")
        t_dw = statistics.median(d for k in keys for d in truth[k]["dwells"])
        per_month[f"{site} {month:%Y-%m}"] = {
            "days": len(keys),
            "persons (estimate)": _rel(sum(meas[k].get("persons_est") or 0 for k in keys),
                                       sum(truth[k]["persons"] for k in keys)),
            **_sessions_est(meas, truth, keys),
            "dwell_median": _rel(_median(dwells, keys, 0), t_dw),
            "dwell_median (estimate)": _rel(_median(dwells, keys, 1, conn), t_dw),
            # the same without the unseen visits' weights (the shown figure before 2026-12-07): the anchor
            "dwell_median (estimate, unweighted)": _rel(_median(dwells, keys, 2), t_dw),
            "returning share (estimate)": _rel(ret_est, t_ret) if full and ret_est is not None else None,
            "full_window_days": len(full),
        }
    return {"per_day": per_day, "per_site": per_site, "per_month": per_month}


def unseen_se(meas: dict, keys) -> float | None:
    """Standard error of the summed unseen-visit estimate over the site-days `keys`, from the measured counts only.

    Each day's capture-recapture estimate (docs/metrics.md, "Visits no source saw") has Seber's variance
    (n1+1)(n2+1)(n1-m)(n2-m) / ((m+1)^2 (m+2)), with n1 = visits the polls saw, n2 = visits a portal
    session with a MAC saw, m = both; days are independent, so the variances add. A day read from the
    database carries the product's own variance (site_daily.sessions_unseen_var, the SQL function
    kunang_unseen_visits_var: what the dashboard and the report show); counts from the model alone
    (bench/accuracy_unseen.py) are computed here with the same formula (test_sim008 compares the two)."""
    var, any_day = 0.0, False
    for k in keys:
        r = meas.get(k)
        if r is None or r.get("sessions_unseen") is None:
            continue
        if "sessions_unseen_var" in r:
            var += r["sessions_unseen_var"] or 0.0
            any_day = True
            continue
        s, p, m = r["sessions_snmp_only"], r["sessions_portal_only"], r["sessions_both"]
        n1, n2 = s + m, p + m
        var += (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
        any_day = True
    return var ** 0.5 if any_day else None


def _sessions_est(meas: dict, truth: dict, keys) -> dict:
    """Sessions with the unseen estimate over `keys`: the relative error, its standard error and z = error / SE."""
    t = sum(truth[k]["sessions"] for k in keys)
    m = sum(meas[k]["sessions"] + (meas[k].get("sessions_unseen") or 0) for k in keys if k in meas)
    se = unseen_se(meas, keys)
    # the range shown (dashboard.analytics.summary.sessions_range): +- 2 SE, and lower by the visits that may be a
    # split stay's later part (site_daily.sessions_maybe_split; docs/metrics.md "The sessions estimate's counting
    # error"); whether it holds the truth
    from dashboard.analytics.summary import sessions_range

    rg = sessions_range(sum(meas[k]["sessions"] for k in keys if k in meas), m, se * se if se is not None else None,
                        sum(meas[k].get("sessions_maybe_split") or 0 for k in keys if k in meas))
    return {"sessions (estimate)": _rel(m, t), "sessions (estimate) SE": se / t if se and t else None,
            "sessions (estimate) z": (m - t) / se if se else None,
            "sessions (estimate) in range": None if rg["sessions_est_low"] is None
            else rg["sessions_est_low"] <= t <= rg["sessions_est_high"],
            "sessions (estimate) range": None if rg["sessions_est_low"] is None
            else ((rg["sessions_est_low"] - t) / t, (rg["sessions_est_high"] - t) / t)}


def _share(meas, keys, num, den):
    n = sum(meas[k].get(num) or 0 for k in keys)
    d = sum(meas[k].get(den) or 0 for k in keys)
    if any(meas[k].get(num) is None for k in keys):
        return None
    return n / d if d else None


# ---------------------------------------------------------------------------- scenarios

def _database(server_dsn: str, name: str) -> str:
    with psycopg.connect(server_dsn, autocommit=True) as c:
        c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    info = psycopg.conninfo.conninfo_to_dict(server_dsn)
    info["dbname"] = name
    return psycopg.conninfo.make_conninfo(**info)


def drop_database(server_dsn: str, name: str) -> None:
    with psycopg.connect(server_dsn, autocommit=True) as c:
        c.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def run_scenario(server_dsn: str, interval_s: int, randomized: bool, blind: bool, *, days: int = 14,
                 window: int = 7, sites: int = 2, aps: int = 6, seed: int = 3, crowd: float = 1.0,
                 end: dt.datetime = END, dbname: str = "kunang_accuracy", keep: bool = False, out=None,
                 inspect=None) -> dict:
    """One scenario's comparison. `inspect(dsn, truth)`, if given, runs on the filled database before it is
    dropped (truth: per (site, local day) the true figures with `blind` and `window_full`)."""
    from collector.simulator.backfill import backfill
    from collector.simulator.fleet import build_fleet
    from collector.simulator.model import Model

    fleet = build_fleet(aps=aps, sites=sites, seed=seed, privacy_key=KEY, poll_interval_s=interval_s, crowd=crowd,
                        randomized_share=0.40 if randomized else 0.0, rotating_share=0.25 if randomized else 0.0,
                        blind_aps=blind)
    fleet.raw_config["analytics"] = {"returning_window_days": window}
    from collector.config import parse_config

    cfg = parse_config(fleet.raw_config, "<accuracy bench>")
    fleet.config = cfg
    for s in fleet.sites:
        s.site = cfg.site(s.name)
    model = Model(fleet)
    dsn = _database(server_dsn, dbname)
    try:
        migrate.upgrade(dsn)
        with tempfile.TemporaryDirectory(prefix="kunang-accuracy-") as tmp:
            truth_path = Path(tmp) / "truth.jsonl"
            began = time.monotonic()
            backfill(fleet, model, cfg, dsn, days * 86400, interval_s=interval_s, out=out or io.StringIO(),
                     end=end, recent_s=0, truth_path=truth_path)
            took = time.monotonic() - began
            records = [json.loads(line) for line in truth_path.read_text().splitlines()]
        tz = ZoneInfo(fleet.sites[0].site.timezone)
        first_day = (end - dt.timedelta(days=days)).astimezone(tz).date()
        if (end - dt.timedelta(days=days)).astimezone(tz).time() != dt.time(0):
            first_day += dt.timedelta(days=1)
        truth = truth_figures(records, tz, cfg.analytics.visitor_min_minutes * 60, window, first_day)
        with psycopg.connect(dsn) as conn:
            meas = measured_figures(conn)
            dwells = _dwells(conn)
            dwell = dwell_analysis(conn, records, KEY, interval_s, cfg.analytics.session_gap_minutes * 60)
            result = compare(truth, meas, dwells, window, conn)
        result["dwell"] = dwell
        if inspect is not None:
            inspect(dsn, truth)
        result["backfill_s"] = round(took, 1)
        return result
    finally:
        if not keep:
            drop_database(server_dsn, dbname)


def _pct(x) -> str:
    return "—" if x is None else f"{100 * x:+.1f} %"


def _fig(k: str, v) -> str:
    if k.endswith(" SE"):
        return f"± {100 * v:.1f} %" if v is not None else "—"
    if k.endswith(" z"):
        return "—" if v is None else f"{v:+.2f}"
    if k.endswith(" in range"):
        return "—" if v is None else "yes" if v else "NO"
    if k.endswith(" range"):
        return "—" if v is None else f"{100 * v[0]:+.2f} .. {100 * v[1]:+.2f} %"
    return _pct(v)


def print_result(name: str, res: dict, out=sys.stdout) -> None:
    print(f"\n== {name} (backfill {res['backfill_s']} s)", file=out)
    print(f"  {'figure (per site-day)':34} {'mean |err|':>10} {'worst':>9}  worst day", file=out)
    for fig, r in res["per_day"].items():
        if "share" in r:
            print(f"  {fig:34} {100 * r['share']:9.1f} % of site-days (n={r['n']})", file=out)
            continue
        print(f"  {fig:34} {100 * r['mean_abs']:9.1f} % {_pct(r['worst']):>9}  {r['worst_day']} (n={r['n']})", file=out)
    for key, r in res.get("per_month", {}).items():
        figs = ", ".join(f"{k} {_fig(k, v)}" for k, v in r.items() if k not in ("days", "full_window_days"))
        print(f"  {key} ({r['days']} days, {r['full_window_days']} with a full window): {figs}", file=out)
    for site, r in res["per_site"].items():
        figs = ", ".join(f"{k} {_fig(k, v)}" for k, v in r.items() if k not in ("true", "flags"))
        print(f"  {site} (whole period): {figs}", file=out)
        print(f"    truth {r['true']}; incomplete days {r['flags']['incomplete_days']}/{r['flags']['days']}, "
              f"client-level incomplete (blind AP) {r['flags']['client_incomplete_days']}/{r['flags']['days']}, "
              f"unflagged: blind AP {r['flags']['blind_unflagged']}, short history {r['flags']['history_unflagged']}",
              file=out)
    if res.get("dwell"):
        print_dwell(res["dwell"], out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dsn", help="a PostgreSQL server DSN where databases may be created (default: embedded)")
    ap.add_argument("--days", type=int, default=14)
    ap.add_argument("--window", type=int, default=7, help="analytics.returning_window_days (default 7)")
    ap.add_argument("--sites", type=int, default=2)
    ap.add_argument("--aps", type=int, default=6)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--scenario", action="append", choices=sorted(SCENARIOS), help="default: all")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    server, handle = args.dsn, None
    if server is None:
        from collector.db.connect import start_embedded

        handle = start_embedded(Path(__file__).resolve().parents[1] / ".bench" / "pgdata")
        server = handle.dsn
    results = {}
    try:
        for name in args.scenario or list(SCENARIOS):
            interval, rnd, blind = SCENARIOS[name]
            print(f"accuracy: {name}: backfilling {args.days} days ...", file=sys.stderr, flush=True)
            results[name] = run_scenario(server, interval, rnd, blind, days=args.days, window=args.window,
                                         sites=args.sites, aps=args.aps, seed=args.seed)
            if not args.json:
                print_result(name, results[name])
    except KeyboardInterrupt:
        print("accuracy: interrupted", file=sys.stderr)
        return 130
    finally:
        if handle is not None:
            handle.close()
    if args.json:
        print(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
