"""Benchmark of the dashboard on the synthetic year (bench/synth.py: 50 sites x 5 APs).

    .venv/bin/python -m bench.dashboard [--dsn SERVER_DSN] [--reps 30] [--loads 5]

Uses the database `kunang_bench` of bench/analytics.py (generated there if it is
missing or was made with other parameters; never modified otherwise), serves
the dashboard from its own process (`python -m dashboard serve`, waitress, as
in production) and measures, for every page:

- callbacks: each page is opened once in headless Chromium and the requests
  its callbacks send to /_dash-update-component are recorded (on the site
  page, also those of choosing a period preset); each is then
  replayed --reps times over HTTP (signed in): p50 / p95 wall time per
  callback, server and HTTP included (target p95 <= 300 ms);
- time to interactive: the page is loaded --loads times in headless Chromium
  (assets cached, as when navigating); TTI = from navigation start until the
  last callback response of the page has arrived and nothing is in flight
  for 300 ms, charts drawn (target <= 2 s). The first, cold load is reported
  apart.

Without --dsn the embedded PostgreSQL of bench/analytics.py (.bench/pgdata) is used.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.analytics import _bench_db, _server  # noqa: E402
from bench.synth import generate  # noqa: E402
from dashboard.auth import hash_password  # noqa: E402

USER, PASSWORD = "bench", "bench-password-1"
FETCH_PROBE = """
window.__kunang = {pending: 0, last: 0, started: 0, bodies: []};
const __fetch = window.fetch;
window.fetch = function (...args) {
  const k = window.__kunang; k.pending++; k.started++;
  try { if (String(args[0].url || args[0]).includes('_dash-update-component') && args[1] && args[1].body)
          k.bodies.push(args[1].body); } catch (e) {}
  return __fetch.apply(this, args).finally(() => { k.pending--; k.last = performance.now(); });
};
"""
CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-extensions", "--window-size=1366,900")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(dsn: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    cfg = {"users": [{"username": USER, "password_hash": hash_password(PASSWORD), "role": "admin",
                      "language": "id"}], "language": "id", "secret_key": os.urandom(16).hex(),
           "poll_interval_s": 60, "refresh_s": 600, "port": port, "address": "127.0.0.1"}
    env = dict(os.environ, KUNANG_DSN=dsn, KUNANG_DASHBOARD_CONFIG=json.dumps(cfg))
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "serve"], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/login", timeout=2).close()
            return proc, url
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                raise SystemExit("the dashboard did not start") from None
            time.sleep(0.2)


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for f in CHROME_FLAGS:
        opts.add_argument(f)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FETCH_PROBE})
    return d


def browser_login(d, url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    d.get(url + "/login")
    d.find_element(By.ID, "username").send_keys(USER)
    d.find_element(By.ID, "password").send_keys(PASSWORD)
    d.find_element(By.ID, "login-submit").click()
    WebDriverWait(d, 30).until(EC.presence_of_element_located((By.ID, "nav-user")))


def settle(d, timeout: float = 60) -> dict:
    """Wait until no callback is in flight for 300 ms and the charts are drawn; the probe's state."""
    from selenium.webdriver.support.ui import WebDriverWait

    def ready(drv):
        return drv.execute_script("""
            const k = window.__kunang;
            if (!(k && document.getElementById('_pages_content') && k.started > 0 && k.pending === 0
                  && performance.now() - k.last > 300)) return false;
            const g = [...document.querySelectorAll('.chart-card .js-plotly-plot')];
            if (g.some(e => !(e._fullLayout && (e.data.length || (e.layout.annotations || []).some(a => a.text)))))
                return false;
            return {last: k.last, bodies: k.bodies, started: k.started};
        """)
    return WebDriverWait(d, timeout, poll_frequency=0.05).until(ready)


def http_login(url: str):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(url + "/login", timeout=10).read().decode()
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    opener.open(url + "/login", data=urllib.parse.urlencode(
        {"username": USER, "password": PASSWORD, "csrf": token}).encode(), timeout=10).close()
    return opener


def label(body: dict) -> str:
    out = body.get("output", "")
    if "MATCH" in out:
        return "chart " + body["outputs"]["id"]["name"]
    if "site-period.children" in out:
        return "period controls (a preset chosen)"
    return out.strip(".").split(".")[0]


# after the first load of a page, what a user does there (its callbacks are measured too)
INTERACTIONS = {
    "site 30 days": "document.querySelector('#site-range input[value=\"7d\"]').click()",
}


def pct(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[max(0, int(round(q * len(s))) - 1)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dsn", help="server DSN (database kunang_bench, shared with bench/analytics.py)")
    ap.add_argument("--reps", type=int, default=30, help="replays of each callback")
    ap.add_argument("--loads", type=int, default=5, help="page loads for time to interactive")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    server, handle = _server(args.dsn)
    proc = None
    try:
        params = {"sites": 50, "aps": 5, "days": 365, "seed": 1, "raw_days": 2}
        dsn, fresh = _bench_db(server, True, params)
        if fresh:
            print("generating the synthetic year (several minutes) ...", file=sys.stderr, flush=True)
            generate(dsn, sites=50, aps_per_site=5, days=365, seed=1, raw_days=2)
            with psycopg.connect(dsn, autocommit=True) as c:
                c.execute("INSERT INTO kunang_meta (key, value) VALUES ('bench.synth', %s) ON CONFLICT (key)"
                          " DO UPDATE SET value = EXCLUDED.value", (json.dumps(params, sort_keys=True),))
        with psycopg.connect(dsn) as c:
            busiest = c.execute("SELECT site_id FROM site_daily WHERE day >= (SELECT max(day) - 30 FROM site_daily)"
                                " GROUP BY site_id ORDER BY sum(sessions) DESC LIMIT 1").fetchone()[0]
            ap_id = c.execute("SELECT min(id) FROM ap WHERE site_id = %s", (busiest,)).fetchone()[0]
        pages = [("overview", "/"), ("site 30 days", f"/site?site={busiest}"),
                 ("site 12 months", f"/site?site={busiest}&range=365d"), ("access points", "/access-points"),
                 ("access point", f"/ap/{ap_id}"), ("alerts", "/alerts"), ("reports", "/reports"),
                 ("data quality", f"/quality?site={busiest}"), ("district", "/district")]
        proc, url = serve(dsn)
        d = browser()
        browser_login(d, url)
        load0 = os.getloadavg()[0]
        results = []
        opener = http_login(url)
        for name, path in pages:
            d.get(url + path)
            cold = settle(d)
            recorded = cold["bodies"]
            if name in INTERACTIONS:
                d.execute_script(INTERACTIONS[name])
                time.sleep(0.2)
                recorded = settle(d)["bodies"]
            bodies = [json.loads(b) for b in recorded]
            ttis = []
            for _ in range(args.loads):
                d.get(url + path)
                ttis.append(settle(d)["last"])
            callbacks = {}
            for body in bodies:
                key = label(body)
                if key.startswith(("_pages_content", "db-banner")) or key in callbacks:
                    continue
                data = json.dumps(body).encode()
                samples = []
                for _ in range(args.reps):
                    req = urllib.request.Request(url + "/_dash-update-component", data=data,
                                                 headers={"Content-Type": "application/json"})
                    t = time.perf_counter()
                    opener.open(req, timeout=60).read()
                    samples.append((time.perf_counter() - t) * 1000)
                callbacks[key] = {"p50": statistics.median(samples), "p95": pct(samples, 0.95)}
            results.append({"page": name, "path": path, "tti_cold_ms": cold["last"],
                            "tti_ms_median": statistics.median(ttis), "tti_ms_max": max(ttis),
                            "callbacks": callbacks})
            print(f"{name}: TTI {statistics.median(ttis):.0f} ms, {len(callbacks)} callbacks", file=sys.stderr,
                  flush=True)
        d.quit()
        meta = {"sites": 50, "aps": 250, "days": 365, "generated_now": fresh, "busiest_site": busiest,
                "load_avg_1min": f"{load0:.1f} before, {os.getloadavg()[0]:.1f} after ({os.cpu_count()} CPUs)"}
        if args.json:
            print(json.dumps({"meta": meta, "pages": results}, indent=2))
        else:
            print(render(meta, results))
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=20)
        if handle is not None:
            handle.close()
    return 0


def render(meta: dict, results: list[dict]) -> str:
    lines = [f"Synthetic year: {meta}", "", "| page | TTI median ms | TTI max ms | first (cold) load ms |",
             "|---|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['page']} | {r['tti_ms_median']:.0f} | {r['tti_ms_max']:.0f} | {r['tti_cold_ms']:.0f} |")
    lines += ["", "| page | callback | p50 ms | p95 ms |", "|---|---|---:|---:|"]
    for r in results:
        for k, v in r["callbacks"].items():
            lines.append(f"| {r['page']} | {k} | {v['p50']:.0f} | {v['p95']:.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
