"""The forked import (tests/portal/parallel_import_cases.py) in a fresh pytest process.

The importer forks its parser only in a process without other threads, and this
test session has several (the dashboard's server, the alert tests' SMTP and HTTP
sinks): in here, `parallel=True` would parse in-process and the cases would not
test the forked path. The child creates its databases on this process's server (KUNANG_TEST_DSN, or the
embedded PostgreSQL this process already runs: not a second one started and thrown away).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

CASES = Path(__file__).with_name("parallel_import_cases.py")
REPO = Path(__file__).resolve().parents[2]


def test_forked_import_cases_in_a_fresh_process(tmp_path, pg_server):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "inner"), str(CASES)],
        cwd=REPO, env=dict(os.environ, KUNANG_TEST_DSN=pg_server), capture_output=True, text=True, timeout=900,
    )
    tail = result.stdout[-6000:] + result.stderr[-2000:]
    assert result.returncode == 0, tail
    passed = re.search(r"(\d+) passed", result.stdout)
    assert passed and int(passed.group(1)) >= 8, tail
    assert not re.search(r"\d+ (failed|skipped|error)", result.stdout), tail
