"""Why a site's median dwell differs from the truth: the truth's visits by how they touched a blind AP,
and candidate dwell estimators side by side (issue 22; used by bench/accuracy.py).

Each true stay (a `visit` record: one device, arrive .. leave, the APs it was on in order) is matched
with Kunang's visits of the same device pseudonym that overlap it (within G), and falls in one class:
- `no blind AP`: only on APs that list their clients;
- `blind only`: only on a blind AP (seen at most through a portal login that carries its MAC);
- `blind at start` / `blind at end` / `blind at both ends`: the stay began or ended on a blind AP, so the
  polls see it start late or end early (unless a portal session of the device bridges the blind part);
- `blind in between`: it roamed to a blind AP and back (split in two when that took longer than G).
Per class: true stays, Kunang's visits matched, and the matched visits' total length / the true total.
`member login` counts stays with a login under a member's user name (at a MikroTik site its log line
carries no MAC, so it cannot bridge the blind part; trial logins `T-<MAC>` and openNDS logins can).

Candidate estimators, each the site's median over all its visits against the true median:
- `measured`: the stored dwell (first to last sighting / portal session), what Kunang shows;
- `+P/2 at polled ends`: each end of a visit that a poll bounds moved out by half a poll interval (the
  mean-unbiased per-visit estimate of a stay seen by polls, E[last - first] = D - P for D >= P);
- `estimate (blind-AP days)`: what Kunang shows where a blind AP limits the day (`visit.dwell_est_s`,
  collector/db/functions/dwell_estimate.sql: portal-bounded stays as the calibration of poll-only
  visits), the measured dwell elsewhere.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

from collector.identifiers import normalise_mac
from collector.privacy import Pseudonymizer

CLASSES = ("no blind AP", "blind only", "blind at start", "blind at end", "blind at both ends", "blind in between")

VISITS = """
SELECT s.name, v.device, extract(epoch FROM v.started_at)::float8, extract(epoch FROM v.ended_at)::float8, v.dwell_s,
       coalesce(v.dwell_est_s, v.dwell_s),
       EXISTS (SELECT 1 FROM client_session c WHERE c.site_id = v.site_id AND c.device = v.device
               AND c.first_seen = v.started_at),
       EXISTS (SELECT 1 FROM client_session c WHERE c.site_id = v.site_id AND c.device = v.device
               AND c.last_seen = v.ended_at)
FROM visit v JOIN site s ON s.id = v.site_id
"""


def _ts(s: str) -> float:
    return dt.datetime.fromisoformat(s).timestamp()


def _class(r: dict) -> str:
    aps, blind = r["aps"], set(r.get("blind") or ())
    if not blind:
        return "no blind AP"
    if all(a in blind for a in aps):
        return "blind only"
    first, last = aps[0] in blind, aps[-1] in blind
    if first and last:
        return "blind at both ends"
    return "blind at start" if first else "blind at end" if last else "blind in between"


def dwell_analysis(conn, records, key: str, interval_s: int, gap_s: int) -> dict:
    """Per site: the classes' counts and length ratios, and the candidate estimators' median errors."""
    pseudo = Pseudonymizer(key.encode())
    visits = defaultdict(list)  # (site, device) -> [(start, end, dwell)]
    by_site = defaultdict(list)  # site -> [(dwell, polled start, polled end, estimated stay)]
    for site, device, a, b, dwell, est, s_polled, e_polled in conn.execute(VISITS):
        visits[(site, device)].append((a, b, dwell))
        by_site[site].append((dwell, s_polled, e_polled, est))
    out = {}
    for site in sorted({r["site"] for r in records if r.get("type") == "visit"}):
        cls = {c: {"stays": 0, "visits": 0, "true_s": 0.0, "measured_s": 0.0, "member_login": 0} for c in CLASSES}
        truth = []
        for r in records:
            if r.get("type") != "visit" or r["site"] != site:
                continue
            a, b = _ts(r["arrive"]), _ts(r["leave"])
            truth.append(b - a)
            c = cls[_class(r)]
            dev = pseudo.device(normalise_mac(r["mac"]))
            seen = [v for v in visits.get((site, dev), ()) if v[0] <= b + gap_s and v[1] >= a - gap_s]
            c["stays"] += 1
            c["visits"] += len(seen)
            c["true_s"] += b - a
            c["measured_s"] += sum(v[2] for v in seen)
            c["member_login"] += bool(r.get("user") and not str(r["user"]).startswith("T-"))
        t_med = statistics.median(truth)
        rows = by_site.get(site, [])
        cand = {}
        if rows and t_med:
            cand["measured"] = statistics.median(d for d, *_ in rows) / t_med - 1
            cand["+P/2 at polled ends"] = statistics.median(
                d + interval_s / 2 * (s + e) for d, s, e, _x in rows) / t_med - 1
            cand["estimate (blind-AP days)"] = statistics.median(x for *_d, x in rows) / t_med - 1
        out[site] = {
            "classes": {k: {"stays": v["stays"], "visits": v["visits"], "member_login": v["member_login"],
                            "length": v["measured_s"] / v["true_s"] if v["true_s"] else None}
                        for k, v in cls.items() if v["stays"]},
            "candidates": cand,
        }
    return out


def print_dwell(res: dict, out) -> None:
    for site, r in res.items():
        print(f"  {site}: median dwell by estimator: "
              + ", ".join(f"{k} {100 * v:+.1f} %" for k, v in r["candidates"].items()), file=out)
        print("    stays by how they touched a blind AP (true stays / Kunang visits / measured length of the true;"
              " member logins: at a MikroTik site their log lines carry no MAC):", file=out)
        for k, v in r["classes"].items():
            length = "—" if v["length"] is None else f"{100 * v['length']:.0f} %"
            print(f"      {k:20} {v['stays']:5} / {v['visits']:5} / {length:>5}; {v['member_login']}", file=out)
