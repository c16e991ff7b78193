"""The library-day model: deterministic, follows opening hours, ~40% randomised MACs, events."""

import datetime as dt
from zoneinfo import ZoneInfo

from collector.identifiers import is_randomized
from collector.simulator.day import open_intervals, site_day
from collector.simulator.events import Event
from collector.simulator.fleet import build_fleet
from collector.simulator.model import Model

WITA = ZoneInfo("Asia/Makassar")
TUESDAY = dt.date(2026, 11, 24)


def at(date, h, m=0):
    return dt.datetime.combine(date, dt.time(h, m), WITA)


def test_same_seed_same_day_different_seed_different_day():
    a, b, c = build_fleet(12, 4, seed=7), build_fleet(12, 4, seed=7), build_fleet(12, 4, seed=8)
    va, vb, vc = (site_day(f, f.sites[0], TUESDAY) for f in (a, b, c))
    assert va == vb
    assert [v.mac for v in va] != [v.mac for v in vc]
    ma, mb = Model(a), Model(b)
    t = at(TUESDAY, 10, 30)
    assert [ma.agent_state(ag, t) for ag in a.agents] == [mb.agent_state(ag, t) for ag in b.agents]


def test_opening_hours_closed_sunday_shorter_friday_and_holidays():
    f = build_fleet(6, 3, seed=3)
    m = Model(f, random_events=False)
    sunday, friday, christmas = dt.date(2026, 11, 29), dt.date(2026, 11, 27), dt.date(2026, 12, 25)
    for s in f.sites:
        assert site_day(f, s, sunday) == ()
        assert site_day(f, s, christmas) == ()
        fri = sum(b - a for a, b in open_intervals(s.site, friday))
        tue = sum(b - a for a, b in open_intervals(s.site, TUESDAY))
        assert 0 < fri < tue
    for ag in f.agents:  # nobody at night, somebody on a Tuesday morning across the fleet
        assert m.agent_state(ag, at(TUESDAY, 21)).clients_total == 0
    assert sum(m.agent_state(ag, at(TUESDAY, 10)).clients_total for ag in f.agents) > 0
    for v in site_day(f, f.sites[0], TUESDAY):  # everyone arrives and leaves within opening hours
        assert any(a <= v.arrive and v.leave <= b for a, b in open_intervals(f.sites[0].site, TUESDAY))


def test_peak_lunch_dip_randomised_share_and_roaming():
    f = build_fleet(30, 10, seed=11)
    visits = [v for d in range(5) for s in f.sites for v in site_day(f, s, TUESDAY + dt.timedelta(days=d - 1))]
    hours = [dt.datetime.fromtimestamp(v.arrive, WITA).hour for v in visits]
    assert hours.count(10) > 2 * hours.count(12)  # school-hours peak vs lunch dip
    share = sum(is_randomized(v.mac) for v in visits) / len(visits)
    assert 0.30 < share < 0.50
    assert all(v.randomized == is_randomized(v.mac) for v in visits)
    assert any(len({s.ap for s in v.segments}) > 1 for v in visits)  # some devices roam


def test_reboot_resets_uptime_and_down_ap_does_not_answer():
    f = build_fleet(6, 3, seed=5)
    agent = f.agents[0]
    t_reboot = at(TUESDAY, 10).timestamp()
    down = Event("ap_down", agent.site_index, agent.aps[0], at(TUESDAY, 11).timestamp(),
                 at(TUESDAY, 11, 30).timestamp())
    uplink = Event("uplink", 1, "", at(TUESDAY, 13).timestamp(), at(TUESDAY, 13, 20).timestamp())
    m = Model(f, [Event("reboot", agent.site_index, agent.name, t_reboot, t_reboot + 60), down, uplink],
              random_events=False)
    before = m.agent_state(agent, t_reboot - 60)
    during = m.agent_state(agent, t_reboot + 30)
    after = m.agent_state(agent, t_reboot + 120)
    assert before.reachable and not during.reachable and after.reachable
    assert after.uptime_ticks < before.uptime_ticks
    assert all(c.rx_bytes <= 60 * 10_000_000 for a in after.aps for c in a.clients)  # counters restarted
    assert not m.agent_state(agent, down.start + 60).reachable
    assert m.agent_state(agent, down.end + 60).reachable
    site1 = [a for a in f.agents if a.site_index == 1]
    assert all(not m.agent_state(a, uplink.start + 60).reachable for a in site1)
    up_before = m.agent_state(site1[0], uplink.start - 60).uptime_ticks
    assert m.agent_state(site1[0], uplink.end + 60).uptime_ticks > up_before  # uplink loss is no reboot


def test_counters_grow_and_generic_interface_wraps_32_bits():
    f = build_fleet(3, 1, seed=2)
    generic = [a for a in f.agents if a.vendor == "generic"][0]
    m = Model(f, random_events=False)
    raw = [m.agent_state(generic, at(TUESDAY, 9) + dt.timedelta(minutes=k)).interfaces[0].in_octets
           for k in range(0, 24 * 60, 1) if k % 10 == 0]
    assert raw == sorted(raw)
    wrapped = [r % 2**32 for r in raw]
    assert any(b < a for a, b in zip(wrapped, wrapped[1:]))  # the 32-bit counter wraps


def test_crowd_scales_visitors():
    t = at(TUESDAY, 10)
    counts = []
    for crowd in (1, 7):
        f = build_fleet(10, 3, seed=4, crowd=crowd)
        m = Model(f, random_events=False)
        counts.append(sum(m.agent_state(a, t).clients_total for a in f.agents))
    assert counts[1] > 4 * counts[0] > 0
