"""The sampling error of the unseen-visit estimate, over many seeds, from the model alone (issue 22).

    .venv/bin/python -m bench.accuracy_unseen [--scenario 60s-random-blind] [--days 45] [--seeds 1-12]
                                              [--identity lease|trial] [--dhcp-loss 0.2]

docs/metrics.md, "The unseen-visit estimate's sampling error". No database and no polls: for each seed the
simulator's model (the same visits `bench/accuracy.py` backfills) says which visits the polls of the
client-listing APs would see (a poll instant in a part of the stay on such an AP) and which a portal session with the
device's MAC would (every openNDS login; at the MikroTik site a trial login `T-<MAC>`, and a member login
through the router's DHCP lease of its IP, which the simulator logs for every device: `--identity lease`,
the default; `--identity trial` counts trial logins only, as before the DHCP lease lines were read); a
visit neither sees is unseen. Per
site-day that gives the counts Kunang's capture-recapture reads (`snmp_only`, `portal_only`, `both`), and
per site-month the error of each estimator against the true number of visits, with the standard error of
the per-day estimate (Seber's variance, bench.accuracy.unseen_se). For seed 3 of the "Done when" scenario
the per-day estimator gives exactly the real pipeline's figures (Sembalun −3.05 % / +1.7 %).

Estimators (the kept one first; the others were tried and rejected, docs/metrics.md):
- `DHCP capture`: the DHCP log as the second capture (docs/metrics.md "The DHCP log as a third source"):
  dhcp_only + round((seen − dhcp_both) × dhcp_only / dhcp_both) per day, what `kunang_sessions_unseen` stores
  where the router's DHCP log reaches Kunang (every simulated join is granted; `--dhcp-loss` loses a share of
  the grant lines, independently of the stay); per-day LP where a day has no grant explaining a visit;
- `per-day LP`: round(snmp_only × portal_only / both) per day, what `kunang_refresh_accuracy` stores without
  a DHCP log;
- `per-day Chapman`: (n1 + 1)(n2 + 1)/(m + 1) − 1 − (seen) per day (n1 = snmp_only + both, n2 = portal_only +
  both, m = both), the small-count form of Lincoln–Petersen;
- `trailing ratio`: snmp_only × (portal_only / both summed over the day and the 27 before);
- `stratified trailing`: the same per engagement bucket of the visit's observed dwell (<5, 5–15, 15–30,
  30–60, 60–120, ≥120 min), buckets merged upwards until each has ≥ 20 `both` in the window.
CPU: about 1 s per seed and scenario (45 days, 2 sites).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.accuracy import END, KEY, SCENARIOS, unseen_se  # noqa: E402

BUCKETS_MIN = (0, 5, 15, 30, 60, 120)  # docs/metrics.md, engagement buckets
WINDOW_DAYS = 28
BUCKET_MIN_BOTH = 20


def observed_visits(name: str, seed: int, days: int, *, sites: int = 2, aps: int = 6, identity: str = "lease",
                    detail: bool = False, polled: bool = False):
    """[(site, local day, source, observed dwell s)] for every simulated device stay of the period; with
    `detail`, each followed by the stay's Visit (person, MAC, arrival, departure: bench/accuracy_seeds.py);
    with `polled`, then by the (first, last) poll instant of each part of it on a listing AP (sorted; empty: no
    poll listed it) and whether a portal session carries its MAC (bench/accuracy_dwell_model.py)."""
    from collector.config import parse_config
    from collector.simulator.fleet import build_fleet
    from collector.simulator.model import Model
    from collector.simulator.truth import REPORTS

    interval, rnd, blind = SCENARIOS[name]
    fleet = build_fleet(aps=aps, sites=sites, seed=seed, privacy_key=KEY, poll_interval_s=interval, crowd=1.0,
                        randomized_share=0.40 if rnd else 0.0, rotating_share=0.25 if rnd else 0.0, blind_aps=blind)
    cfg = parse_config(fleet.raw_config, "<accuracy_unseen>")
    fleet.config = cfg
    for s in fleet.sites:
        s.site = cfg.site(s.name)
    model = Model(fleet)
    t1 = END.timestamp()
    t0 = t1 - days * 86400
    tz = ZoneInfo(fleet.sites[0].site.timezone)
    out = []
    for site in fleet.sites:
        vendor = {a.name: a.vendor for a in site.aps}
        # every openNDS login carries the MAC; MikroTik member logins get it from their DHCP lease
        mac_logins = site.portal == "opennds" or identity == "lease"
        d = model.local_date(t0)
        while d <= model.local_date(t1):
            for v in model.visits(site.index, d):
                if not t0 <= v.arrive < t1:
                    continue
                # a poll (every `interval` while open) falls in a part of the stay on a client-listing AP
                listed = [sg for sg in v.segments if REPORTS[vendor[sg.ap]] == "clients"
                          and sg.start + (-sg.start) % interval < sg.end]
                mac = v.login is not None and (mac_logins or (v.user or "").startswith("T-"))
                # each listing segment's first and last poll instant (bench/accuracy_dwell_model.py)
                polls = tuple(sorted((sg.start + (-sg.start) % interval, sg.end - sg.end % interval) for sg in listed))
                if listed:  # seen from the first to the last poll on a listing AP, widened by its portal session
                    a, b = min(sg.start for sg in listed), max(sg.end for sg in listed)
                    a, b = a + (-a) % interval, b - b % interval
                    if mac:
                        a, b = min(a, v.login), max(b, v.logout)
                    src, dwell = ("both" if mac else "snmp"), max(0.0, b - a)
                elif mac:
                    src, dwell = "portal", v.logout - v.login
                else:
                    src, dwell = "unseen", v.leave - v.arrive
                out.append((site.name, dt.datetime.fromtimestamp(v.arrive, tz).date(), src, dwell)
                           + ((v,) if detail else ()) + ((polls, mac) if polled else ()))
            d += dt.timedelta(days=1)
    return out


def dhcp_logged(v, loss: float) -> bool:
    """Whether the DHCP log shows the stay's join: the simulated routers grant a lease to every device that
    joins (RouterOS `assigned`, dnsmasq `DHCPACK`: collector/simulator/portal.py), a share `loss` of those lines
    lost on the way, chosen by a hash of the device and the arrival (independent of the stay's length, as a
    syslog datagram's loss is)."""
    if loss <= 0:
        return True
    h = int.from_bytes(hashlib.blake2b(f"{v.mac} {v.arrive:.3f}".encode(), digest_size=8).digest(), "big")
    return h / 2 ** 64 >= loss


def dhcp_counts(stays, loss: float) -> dict:
    """(site, day) -> Counter of dhcp_only (a stay only the DHCP log shows) and dhcp_both (a stay the polls or
    the portal saw whose join the DHCP log shows), from observed_visits(..., detail=True)."""
    out = defaultdict(Counter)
    for site, day, src, _dwell, v in stays:
        if dhcp_logged(v, loss):
            out[(site, day)]["dhcp_only" if src == "unseen" else "dhcp_both"] += 1
    return out


def _bucket(dwell_s: float) -> int:
    return sum(1 for b in BUCKETS_MIN[1:] if dwell_s >= b * 60)


def _groups(both: list[int]) -> list[list[int]]:
    """Engagement buckets merged upwards until each group has >= BUCKET_MIN_BOTH visits seen by both."""
    groups, cur = [], []
    for k, n in enumerate(both):
        cur.append(k)
        if sum(both[j] for j in cur) >= BUCKET_MIN_BOTH:
            groups.append(cur)
            cur = []
    if cur:
        groups[-1:] = [(groups[-1] if groups else []) + cur]
    return groups


def estimate(visits, dhcp: dict | None = None) -> dict:
    """Per site-month: true visits, true unseen, each estimator's unseen, the per-day estimate's SE (`dhcp`:
    dhcp_counts of the same stays, for the `DHCP capture` estimator)."""
    per_day = defaultdict(lambda: defaultdict(Counter))  # site -> day -> counts
    for site, day, src, dwell, *_v in visits:
        c = per_day[site][day]
        c[src] += 1
        c[(src, _bucket(dwell))] += 1
    out = defaultdict(Counter)
    for site, days in per_day.items():
        for day, c in days.items():
            r = out[(site, f"{day:%Y-%m}")]
            r["visits"] += c["snmp"] + c["portal"] + c["both"] + c["unseen"]
            r["unseen"] += c["unseen"]
            r["per-day LP"] += round(c["snmp"] * c["portal"] / c["both"]) if c["both"] else 0
            dc = (dhcp or {}).get((site, day), Counter())
            seen, d_only, d_both = c["snmp"] + c["portal"] + c["both"], dc["dhcp_only"], dc["dhcp_both"]
            r["DHCP capture"] += (d_only + round((seen - d_both) * d_only / d_both) if d_both
                                  else r_lp if (r_lp := round(c["snmp"] * c["portal"] / c["both"]) if c["both"] else 0)
                                  else 0)
            n1, n2, m = c["snmp"] + c["both"], c["portal"] + c["both"], c["both"]
            r["per-day Chapman"] += round((n1 + 1) * (n2 + 1) / (m + 1) - 1 - (n1 + n2 - m))
            meas = {"sessions_snmp_only": c["snmp"], "sessions_portal_only": c["portal"], "sessions_both": c["both"],
                    "sessions_unseen": 0 if c["both"] else None}
            r["var"] += (unseen_se({0: meas}, [0]) or 0.0) ** 2
            win = [days[x] for x in days if day - dt.timedelta(days=WINDOW_DAYS - 1) <= x <= day]
            p, b = sum(w["portal"] for w in win), sum(w["both"] for w in win)
            r["trailing ratio"] += c["snmp"] * p / b if b else 0.0
            pk = [sum(w[("portal", k)] for w in win) for k in range(len(BUCKETS_MIN))]
            bk = [sum(w[("both", k)] for w in win) for k in range(len(BUCKETS_MIN))]
            for g in _groups(bk):
                gb = sum(bk[j] for j in g)
                r["stratified trailing"] += sum(c[("snmp", j)] for j in g) * sum(pk[j] for j in g) / gb if gb else 0.0
    return out


ESTIMATORS = ("DHCP capture", "per-day LP", "per-day Chapman", "trailing ratio", "stratified trailing")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenario", default="60s-random-blind", choices=sorted(SCENARIOS))
    ap.add_argument("--days", type=int, default=45)
    ap.add_argument("--seeds", default="1-12", help="a range A-B or a list A,B,C")
    ap.add_argument("--identity", default="lease", choices=("lease", "trial"),
                    help="MikroTik logins with a device: every login (DHCP lease lines, default) or trial logins only")
    ap.add_argument("--dhcp-loss", type=float, default=0.0,
                    help="share of the DHCP log's grant lines lost on the way (DHCP capture estimator)")
    args = ap.parse_args(argv)
    if "-" in args.seeds:
        a, b = map(int, args.seeds.split("-"))
        seeds = list(range(a, b + 1))
    else:
        seeds = [int(x) for x in args.seeds.split(",")]
    errs = defaultdict(list)  # (site, month, estimator) -> [relative error]
    print(f"{'seed':>4} {'site-month':44} {'visits':>6} {'unseen':>6} "
          + " ".join(f"{e:>19}" for e in ESTIMATORS) + f" {'SE':>7} {'z':>6}")
    for seed in seeds:
        stays = observed_visits(args.scenario, seed, args.days, identity=args.identity, detail=True)
        for (site, month), r in sorted(estimate(stays, dhcp_counts(stays, args.dhcp_loss)).items()):
            n, se = r["visits"], r["var"] ** 0.5
            row = []
            for e in ESTIMATORS:
                err = (r[e] - r["unseen"]) / n
                errs[(site, month, e)].append(err)
                row.append(f"{100 * err:+18.2f}%")
            z = (r["per-day LP"] - r["unseen"]) / se if se else float("nan")
            print(f"{seed:>4} {site + ' ' + month:44} {n:>6} {r['unseen']:>6} " + " ".join(row)
                  + f" {100 * se / n:6.2f}% {z:+6.2f}", flush=True)
    print("\nper site-month over the seeds: mean / standard deviation / outside 3 %")
    for site, month in sorted({(s, m) for s, m, _e in errs}):
        cells = []
        for e in ESTIMATORS:
            v = errs[(site, month, e)]
            cells.append(f"{e} {100 * statistics.fmean(v):+.2f} / {100 * statistics.pstdev(v):.2f} / "
                         f"{sum(abs(x) > 0.03 for x in v)} of {len(v)}")
        print(f"  {site} {month}: " + "; ".join(cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
