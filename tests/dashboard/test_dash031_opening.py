"""Open or closed now, until when, when next: each library's own hours (pure, fixed times), and the overview
saying so when every library is closed (seeded database)."""

from __future__ import annotations

import datetime as dt

import psycopg
from psycopg.types.json import Jsonb

from dashboard import opening
from tests.dashboard.test_dash002_figures import as_user

UTC = dt.timezone.utc
HOURS = {"mon": [["08:00", "16:00"]], "tue": [["08:00", "16:00"]], "wed": [], "thu": [["08:00", "16:00"]],
         "fri": [["08:00", "11:30"], ["13:30", "16:00"]], "sat": [], "sun": []}
TZ = "Asia/Makassar"  # UTC+8


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """December 2026 (the 4th is a Friday), local time of TZ, as UTC."""
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=8))).astimezone(UTC)


def test_dash031_open_until_closed_opens_next():
    s = opening.state(HOURS, [], TZ, at(4, 9))
    assert s["open"] and s["until"] == dt.datetime(2026, 12, 4, 11, 30)
    s = opening.state(HOURS, [], TZ, at(4, 12))  # Friday's lunch break
    assert not s["open"] and s["opens"] == dt.datetime(2026, 12, 4, 13, 30)
    assert s["last"] == (dt.datetime(2026, 12, 4, 8), dt.datetime(2026, 12, 4, 11, 30))
    s = opening.state(HOURS, [], TZ, at(5, 10))  # Saturday: closed until Monday
    assert not s["open"] and s["opens"] == dt.datetime(2026, 12, 7, 8)
    s = opening.state(HOURS, [dt.date(2026, 12, 7)], TZ, at(5, 10))  # ... Tuesday after a Monday holiday
    assert s["opens"] == dt.datetime(2026, 12, 8, 8)
    assert opening.state({}, [], TZ, at(5, 3))["open"]  # no hours given: always open
    assert opening.describe({"opening_hours": HOURS, "holidays": [], "timezone": TZ}, "en", at(5, 10)) == \
        (False, "closed · opens Mon 08:00")
    assert opening.describe({"opening_hours": HOURS, "holidays": [], "timezone": TZ}, "id", at(4, 12)) == \
        (False, "tutup · buka 13.30")
    assert opening.describe({"opening_hours": HOURS, "holidays": [], "timezone": TZ}, "en", at(4, 9)) == \
        (True, "open until 11:30")


def test_dash031_overview_says_every_library_is_closed(dash_app, seeded_dsn):
    from dashboard.pages.overview import sites_now

    today = dt.datetime.now(UTC).date()
    closed = {"mon": [["08:00", "09:00"]]}  # ... and every Monday around today a holiday: closed throughout
    mondays = [today + dt.timedelta(days=d) for d in range(-20, 21) if (today + dt.timedelta(days=d)).weekday() == 0]
    with psycopg.connect(seeded_dsn[0], autocommit=True) as c:
        before = c.execute("SELECT id, opening_hours, holidays FROM site ORDER BY id").fetchall()
        c.execute("UPDATE site SET opening_hours = %s, holidays = %s", (Jsonb(closed), mondays))
        try:
            for lang, said in (("en", "closed"), ("id", "tutup")):
                with as_user(dash_app, lang=lang):
                    card = str(sites_now(0, {}))
                assert "all-closed" in card and card.count(f"'{said}'") == 2, card
        finally:
            for sid, hours, hol in before:
                c.execute("UPDATE site SET opening_hours = %s, holidays = %s WHERE id = %s", (Jsonb(hours), hol, sid))
    with as_user(dash_app, lang="en"):
        card = str(sites_now(0, {}))
    assert "all-closed" not in card and card.count("'open'") == 2  # the seeded sites: open around the clock


def test_dash031_ap_up_since_its_restart(dash_app):
    """An AP that restarted without an outage being counted is "up since" the restart, not since long before it."""
    from dashboard.pages.ap_detail import info_rows

    ap = {"timezone": TZ, "state": "up", "state_since": dt.datetime(2026, 12, 2, 3, 20, tzinfo=UTC),
          "last_ok_at": dt.datetime(2026, 12, 7, 2, 0, tzinfo=UTC), "uptime_s": 3.5 * 3600, "site": "S", "site_id": 1,
          "clients": 3}
    text = str(info_rows(ap, "en"))
    assert "since 7 Dec 2026 06:30 WITA · restarted, too briefly to count as an outage" in text
    assert "2 Dec" not in text
    ap["uptime_s"] = 10 * 86400  # running since before it came up: since it came up
    assert "since 2 Dec 2026 11:20 WITA" in str(info_rows(ap, "en"))
