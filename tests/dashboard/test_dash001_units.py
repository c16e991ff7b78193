"""Pure parts: password hashes, login throttle, catalogue, locale formats, settings."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from collector.commands.dashboard import hash_password as cli_hash
from dashboard import fmt
from dashboard.auth import Throttle, hash_password, verify_password
from dashboard.i18n import CATALOGUE, t
from dashboard.settings import SettingsError, from_env


def test_dash001_hash_roundtrip_and_cli_scheme():
    h = hash_password("correct horse")
    assert h.startswith("scrypt$16384$8$1$")
    assert verify_password("correct horse", h)
    assert not verify_password("correct hors", h)
    # the hash printed by `kunang dashboard hash-password` is verified by the dashboard: one scheme, in contract/
    assert cli_hash is hash_password
    c = cli_hash("ruang baca 2026")
    assert verify_password("ruang baca 2026", c) and not verify_password("ruang baca 2025", c)
    assert c != cli_hash("ruang baca 2026")  # random salt


def test_dash001_pbkdf2_and_malformed():
    import base64
    import hashlib

    salt = b"0123456789abcdef"
    dk = hashlib.pbkdf2_hmac("sha256", b"pw-12345", salt, 1000)
    enc = f"pbkdf2_sha256$1000${base64.b64encode(salt).decode()}${base64.b64encode(dk).decode()}"
    assert verify_password("pw-12345", enc) and not verify_password("pw-12346", enc)
    for bad in ("", "plain", "scrypt$x$8$1$a$b", "scrypt$16384$8$1$!!$!!", "md5$abc", "scrypt$99999999$8$1$AA==$AA=="):
        assert verify_password("anything", bad) is False


def test_dash001_throttle_locks_and_doubles():
    now = [1000.0]
    th = Throttle(limit=3, window_s=600, lock_s=60, max_lock_s=3600, clock=lambda: now[0])
    for _ in range(2):
        th.failure("u:x", "ip:1")
    assert th.retry_after("u:x") == 0
    th.failure("u:x", "ip:1")
    assert th.retry_after("u:x") == pytest.approx(60)
    assert th.retry_after("ip:1") == 0  # an address (shared NAT) gets 4x the limit
    for _ in range(9):
        th.failure("ip:1")
    assert th.retry_after("ip:1") == pytest.approx(60)
    assert th.retry_after("u:other") == 0
    now[0] += 61
    assert th.retry_after("u:x") == 0
    th.failure("u:x")  # 4th failure: locked twice as long
    assert th.retry_after("u:x") == pytest.approx(120)
    th.success("u:x")
    assert th.retry_after("u:x") == 0


def _fields(text: str) -> set[str]:
    return {f[1] for f in string.Formatter().parse(text) if f[1]}


def test_dash001_catalogue_complete_in_both_languages():
    for key, (en, id_) in CATALOGUE.items():
        assert en.strip() and id_.strip(), key
        assert _fields(en) == _fields(id_), key
    assert t("nav.overview", "en") == "Overview" and t("nav.overview", "id") == "Ringkasan"
    with pytest.raises(KeyError):
        t("no.such.key", "en")


def test_dash001_every_ui_key_used_exists():
    """Every t("...") in the dashboard's code names a catalogue key."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "dashboard"
    used = set()
    for path in list(root.glob("*.py")) + list(root.glob("pages/*.py")) + list(root.glob("figures/*.py")):
        used |= set(re.findall(r'\bt\(\s*"([a-z0-9_.]+)"', path.read_text()))
    assert used, "no keys found"
    assert sorted(used - set(CATALOGUE)) == []


def test_dash001_locale_formats():
    assert fmt.num(1234567.5, "id", 1) == "1.234.567,5"
    assert fmt.num(1234567.5, "en", 1) == "1,234,567.5"
    assert fmt.pct(0.25, "id") == "25%" and fmt.pct(0.256, "en", 1) == "25.6%"
    assert fmt.num(None, "id") == "–"
    when = dt.datetime(2026, 11, 28, 1, 15, tzinfo=dt.timezone.utc)
    assert fmt.datetime(when, "id", "Asia/Makassar") == "28 Nov 2026 09.15 WITA"
    assert fmt.datetime(when, "en", "Asia/Jakarta") == "28 Nov 2026 08:15 WIB"
    assert fmt.date(dt.date(2026, 8, 17), "id") == "17 Agu 2026"
    assert fmt.month(dt.date(2026, 12, 1), "id") == "Desember 2026"
    assert fmt.month(dt.date(2026, 12, 1), "en") == "December 2026"
    assert fmt.weekday_names("id")[0] == "Sen" and fmt.weekday_names("en")[6] == "Sun"
    assert fmt.duration(3 * 86400 + 2 * 3600 + 5 * 60, "id") == "3h 2j 5m"
    assert fmt.bytes_(1_500_000, "id") == "1,5 MB"


def test_dash001_settings_from_env():
    with pytest.raises(SettingsError, match="KUNANG_DSN"):
        from_env({})
    with pytest.raises(SettingsError, match="not valid JSON"):
        from_env({"KUNANG_DSN": "x", "KUNANG_DASHBOARD_CONFIG": "{"})
    with pytest.raises(SettingsError, match=r"users\[0\].role"):
        from_env({"KUNANG_DSN": "x", "KUNANG_DASHBOARD_CONFIG": '{"users": [{"username": "a", "password_hash": "h", "role": "root"}]}'})
    s = from_env({"KUNANG_DSN": "x", "KUNANG_DASHBOARD_CONFIG": '{"language": "en", "poll_interval_s": 30, "reports": {"output_dir": "r"}}'})
    assert s.language == "en" and s.refresh_s == 30 and s.reports["output_dir"] == "r"
    assert "secret" not in repr(s).lower() or s.secret_key not in repr(s)
