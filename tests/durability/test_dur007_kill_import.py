"""kill -9 of import-logs in the middle of a file with poison lines: running it
again stores every good line exactly once and exits 0 with the quarantine count."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from tests.durability.flow import POISON, line
from tests.durability.owned_pg import wait_for

ROOT = Path(__file__).resolve().parents[2]


def test_kill9_of_import_logs_then_again(owned_db, tmp_path):
    pg = owned_db
    cfg = tmp_path / "kunang.yaml"
    cfg.write_text(json.dumps({"database": {"dsn": pg.dsn}, "privacy": {"key": "i" * 32},
                               "sites": [{"name": "Sembalun", "timezone": "Asia/Makassar"}]}))
    cfg.chmod(0o600)
    lines, good, poison = [], 0, set()
    for i in range(60000):
        if i % 1000 == 500:
            lines.append(POISON[(i // 1000) % len(POISON)].replace("11:00", f"11:{i // 1000 % 60:02d}"))
            poison.add(lines[-1])
        else:
            lines.append(line("imp", i))
            good += 1
    path = tmp_path / "hotspot.log"
    path.write_text("\n".join(lines) + "\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "collector", "-c", str(cfg), "import-logs", "--site", "Sembalun", "--batch", "2000",
           str(path)]

    def stored() -> int:
        with psycopg.connect(pg.dsn) as c:
            return c.execute("SELECT count(*) FROM portal_event").fetchone()[0]

    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=tmp_path)
    assert wait_for(lambda: stored() > 0 or p.poll() is not None, 120, 0.05)
    p.send_signal(signal.SIGKILL)
    p.wait(30)
    first = stored()
    assert 0 < first < good  # it was killed in the middle
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert stored() == good
    with psycopg.connect(pg.dsn) as c:
        assert c.execute("SELECT count(DISTINCT dedup) FROM portal_event").fetchone()[0] == good
        quarantined = c.execute("SELECT count(*) FROM log_quarantine").fetchone()[0]
    assert quarantined == len(poison)  # one per distinct poison line
    last = r.stderr.strip().splitlines()[-1]
    assert "quarantined line(s)" in last, last
