"""Pairing portal events into sessions."""

from __future__ import annotations

from datetime import datetime, timedelta

from collector.portal.event import PortalEvent
from collector.portal.login_sessions import SessionPairer
from tests.portal.conftest import WITA

T0 = datetime(2026, 11, 27, 8, 0, tzinfo=WITA)


def ev(kind, minutes, **kw):
    kw.setdefault("source", "desa-01")
    return PortalEvent(kind, T0 + timedelta(minutes=minutes), kw.pop("format", "mikrotik"), **kw)


def feed(p, events):
    changed = []
    for e in events:
        changed.extend(p.feed(e))
    return changed


def test_login_logout_by_user_and_by_ip():
    p = SessionPairer()
    feed(p, [ev("login", 0, user="budi", ip="10.5.50.9"),
             ev("login", 1, user="ani", ip="10.5.50.10"),
             ev("login_failed", 2, user="budi", ip="10.5.50.9"),
             ev("logout", 30, user="budi", ip="10.5.50.9", reason="keepalive timeout"),
             # coova: UAM login by user, DHCP release by MAC and IP only
             ev("login", 40, user="vikram", ip="10.1.0.2", format="coova"),
             ev("logout", 55, mac="aa:bb:cc:dd:ee:ff", ip="10.1.0.2", reason="dhcp release", format="coova")])
    closed = [s for s in p.open_sessions()]
    assert [s.user for s in closed] == ["ani"]
    changed = feed(p, [ev("logout", 90, user="ani", ip="10.5.50.10")])
    ani = changed[0]
    assert (ani.open, ani.duration_s, ani.end_reason) == (False, 89 * 60, "logout")


def test_duplicate_login_lines_are_one_session_and_relogin_is_two():
    p = SessionPairer()
    a = feed(p, [ev("login", 0, mac="24:18:1d:d9:67:c0", ip="192.168.1.107"),
                 ev("login", 0, mac="24:18:1d:d9:67:c0", ip="192.168.1.107")])
    assert a[0] is a[1] and len(p.open_sessions()) == 1
    b = feed(p, [ev("logout", 125, mac="24:18:1d:d9:67:c0", ip="192.168.1.107", bytes_in=811000,
                    bytes_out=5230000, reason="idle timeout")])
    s = b[0]
    assert (s.bytes_in, s.bytes_out, s.end_reason, s.duration_s) == (811000, 5230000, "idle timeout", 125 * 60)
    c = feed(p, [ev("login", 200, user="budi"), ev("login", 260, user="budi")])
    assert c[1].end_reason == "relogin" and c[1].duration_s == 3600 and c[2].open


def test_radius_accounting_start_interim_stop():
    p = SessionPairer()
    kw = dict(user="superuser", mac="00:1f:3c:21:20:d9", ip="10.116.98.106", format="radius-detail")
    feed(p, [ev("accounting_start", 0, session_id="4e37", **kw),
             ev("accounting_interim", 5, session_id="4e37", bytes_in=743566, bytes_out=207481, duration_s=300, **kw),
             ev("accounting_interim", 5, session_id="other", bytes_in=10, bytes_out=20, duration_s=602, **kw)])
    s = feed(p, [ev("accounting_stop", 10, session_id="4e37", bytes_in=800000, bytes_out=300000, duration_s=600,
                    reason="User-Request", **kw)])[0]
    assert (s.open, s.bytes_in, s.bytes_out, s.duration_s, s.end_reason) == (
        False, 800000, 300000, 600, "User-Request")
    late = p.open_sessions()[0]  # interim whose start was missed: started session-time ago
    assert late.session_key == "other" and late.started_at == T0 + timedelta(minutes=5, seconds=-602)


def test_open_sessions_close_by_timeout():
    p = SessionPairer(timeout=timedelta(hours=2))
    feed(p, [ev("login", 0, user="budi"), ev("login", 100, user="ani")])
    assert p.expire(T0 + timedelta(minutes=110)) == []
    closed = p.expire(T0 + timedelta(minutes=130))
    assert [(s.user, s.end_reason, s.ended_at) for s in closed] == [("budi", "timeout", T0)]
    assert [s.user for s in p.open_sessions()] == ["ani"]


def test_logout_with_duration_but_no_login_is_reconstructed():
    p = SessionPairer()
    s = feed(p, [ev("logout", 0, mac="84:38:38:98:38:1a", duration_s=7515, reason="idle timeout",
                    bytes_in=192924, bytes_out=1302079, format="opennds")])[0]
    assert s.started_at == T0 - timedelta(seconds=7515) and s.duration_s == 7515
    assert feed(p, [ev("logout", 5, user="nobody")]) == [] and p.unmatched == 1
