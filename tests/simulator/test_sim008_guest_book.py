"""The simulated guest book: deterministic, consistent with the simulated Wi-Fi visits, and shaped
like a library's (purposes follow the stay, groups on some weekday mornings)."""

from __future__ import annotations

import datetime as dt

from collector.simulator import guestbook
from collector.simulator.day import site_day
from collector.simulator.fleet import build_fleet

KEY = "simulator-test-key-0123456789abcdef"


def test_guest_book_follows_the_simulated_visitors(tmp_path):
    fleet = build_fleet(aps=6, sites=3, seed=21, privacy_key=KEY, data_dir=str(tmp_path / "pgdata"))
    site = fleet.sites[0]
    days = [dt.date(2026, 11, 23) + dt.timedelta(days=k) for k in range(7)]  # Monday .. Sunday
    total = wifi_persons = groups = 0
    for day in days:
        rows, grp = guestbook.site_day_guests(fleet, site, day)
        assert (rows, grp) == guestbook.site_day_guests(fleet, site, day)  # deterministic
        persons = {v.person for v in site_day(fleet, site, day) if v.leave - v.arrive >= guestbook.MIN_STAY_S}
        wifi_persons += len(persons)
        total += len(rows) + sum(g["personel"] for g in grp)
        groups += len(grp)
        for r in rows:
            assert set(r) >= {"hour", "purpose", "gender", "profession", "education", "visits"}
            assert "Nama" not in r and "name" not in r
    assert site.site.opening_hours.for_weekday(6) == () or total > 0
    assert wifi_persons < total < 4 * wifi_persons  # more library visitors than Wi-Fi visitors
    assert groups <= 5
    # Sunday: closed in the simulated libraries -> nobody signs
    if not site.site.opening_hours.for_weekday(6):
        assert guestbook.site_day_guests(fleet, site, days[-1]) == ([], [])
