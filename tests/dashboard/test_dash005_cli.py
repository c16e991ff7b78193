"""`kunang dashboard` runs the dashboard as a child process (waitress), forwards
SIGTERM and returns its exit code; `kunang dashboard hash-password`."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from dashboard.auth import verify_password
from tests.dashboard.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
KUNANG = [sys.executable, "-m", "collector"] if not (ROOT / ".venv/bin/kunang").exists() \
    else [str(ROOT / ".venv/bin/kunang")]


def test_dash005_hash_password_stdin():
    r = subprocess.run(KUNANG + ["dashboard", "hash-password", "--stdin"], input="perpustakaan-2026\n",
                       capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    h = r.stdout.strip()
    assert verify_password("perpustakaan-2026", h) and not verify_password("perpustakaan-2027", h)
    r = subprocess.run(KUNANG + ["dashboard", "hash-password", "--stdin"], input="short\n",
                       capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert r.returncode == 1 and "at least 8 characters" in r.stderr and "Traceback" not in r.stderr


def test_dash005_serve_child_process(tmp_path, seeded_dsn):
    from dashboard.auth import hash_password

    port = free_port()
    cfg = tmp_path / "kunang.yaml"
    cfg.write_text(f"""
name: Dinas Perpustakaan Uji
database:
  dsn: ${{TEST_DSN}}
dashboard:
  address: 127.0.0.1
  port: {port}
  language: en
  secret_key: ${{TEST_SECRET}}
  users:
    - username: admin
      password_hash: "{hash_password('admin-pass-9')}"
      role: admin
""")
    cfg.chmod(0o600)
    env = dict(os.environ, TEST_DSN=seeded_dsn[0], TEST_SECRET="s" * 32)
    proc = subprocess.Popen(KUNANG + ["-c", str(cfg), "dashboard"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/login", timeout=2) as r:
                    page = r.read().decode()
                    break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stdout.read()
                assert time.time() < deadline, "dashboard did not start"
                time.sleep(0.3)
        assert "Dinas Perpustakaan Uji" in page and "Sign in" in page
        try:
            urllib.request.urlopen(base + "/_dash-layout", timeout=5)
            raise AssertionError("anonymous /_dash-layout was served")
        except urllib.error.HTTPError as exc:
            assert exc.code == 401
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(base + "/login", timeout=5).read().decode()
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"username": "admin", "password": "admin-pass-9", "csrf": token}).encode()
        opener.open(base + "/login", data=data, timeout=10)
        with opener.open(base + "/_dash-layout", timeout=10) as r:
            assert r.status == 200 and b"Overview" in r.read()
        assert r.headers["Server"] == "kunang"
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert code == 0


def test_dash005_secret_key_generated_once(tmp_path):
    from collector.commands.dashboard import _secret_key, dashboard_json
    from collector.config import parse_config

    cfg = parse_config({"database": {"data_dir": str(tmp_path / "kunang" / "pgdata")},
                        "dashboard": {"users": [{"username": "a", "password_hash": "scrypt$x", "role": "admin"}]},
                        "privacy": {"rotating_salt": True}})
    first = _secret_key(cfg)
    path = tmp_path / "kunang" / "dashboard-secret"
    assert len(first) == 64 and path.read_text().strip() == first
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert _secret_key(cfg) == first  # kept: sessions survive a restart
    data = dashboard_json(cfg, first)
    assert data["users"] == [{"username": "a", "password_hash": "scrypt$x", "role": "admin", "language": None}]
    assert data["rotating_salt"] is True and data["language"] == "id" and data["secret_key"] == first
