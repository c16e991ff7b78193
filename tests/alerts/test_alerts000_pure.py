"""Pure parts: tracker (hysteresis, flapping, load), policy decisions, back-off, templates in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from collector.alerts import policy, templates
from collector.alerts.planner import INSTANT
from collector.alerts.rules import Rule, renotify_delay_s, rule_for
from collector.alerts.tracker import ApTracker, settle, step
from collector.config import parse_config

UTC = dt.timezone.utc
T = dt.datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
RULE = Rule("r", down_after=3, up_after=2, high_load_clients=10, high_load_minutes=5, notify_outside_hours=False,
            channels=(), flap_transitions=4, flap_window_s=1800)


def run(pattern, rule=RULE, tr=None, clients=None):
    tr = tr or ApTracker()
    events = []
    for i, ok in enumerate(pattern):
        events.append(step(tr, rule, T + dt.timedelta(minutes=i), ok, clients[i] if clients else None))
    return tr, events


def test_hysteresis_down_after_n_up_after_m_and_first_contact_is_not_a_recovery():
    tr, ev = run([True, False, False, False, False, True, True, True])
    assert ev == [[], [], [], ["down"], [], [], ["up"], []]
    tr, ev = run([False, False, False, True])
    assert ev[2] == ["down"] and tr.state == "down" and tr.oks == 1
    tr, ev = run([True])
    assert ev == [[]] and tr.state == "up"


def test_a_single_success_does_not_reset_an_outage():
    rule = Rule(**{**RULE.__dict__, "flap_transitions": 6})  # 4 changes within the window would be flapping
    tr, ev = run([True, False, False, False, True, False, False, True, True], rule=rule)
    assert [e for e in ev if e] == [["down"], ["up"]]


def test_flapping_counts_raw_changes_within_the_window_and_settles():
    tr, ev = run([True, False, True, False, True, True])
    assert ev[4] == ["flap_start"] and tr.flapping
    assert settle(tr, RULE, T + dt.timedelta(minutes=33)) == []  # last change at minute 4
    assert settle(tr, RULE, T + dt.timedelta(minutes=34)) == ["flap_end"] and not tr.flapping
    slow = Rule(**{**RULE.__dict__, "flap_window_s": 120})
    tr, ev = run([True, False, True, False, True, False], rule=slow)
    assert not any("flap_start" in e for e in ev)  # never 4 changes within 2 minutes


def test_high_load_needs_the_duration():
    tr, ev = run([True] * 8, clients=[12, 12, 12, 12, 12, 12, 3, 3])
    assert ev[5] == ["high_load"] and ev[6] == ["high_load_end"]
    assert sum(len(e) for e in ev) == 2


def test_tracker_round_trips_through_json():
    tr, _ = run([True, False, True, False, False])
    assert ApTracker.from_json(tr.to_json()) == tr
    assert ApTracker.from_json({"state": "down", "unknown_future_field": 1}).state == "down"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=80))
def test_down_and_up_alternate_and_follow_the_counters(pattern):
    tr, ev = run(pattern)
    flat = [e for evs in ev for e in evs if e in ("down", "up")]
    assert all(a != b for a, b in zip(flat, flat[1:]))  # never two downs or two ups in a row
    assert not flat or flat[0] == "down"
    for i, evs in enumerate(ev):
        if "down" in evs:
            assert pattern[max(0, i - 2):i + 1] == [False] * 3
        if "up" in evs:
            assert pattern[i - 1:i + 1] == [True, True]


def test_policy_decisions():
    now = T
    firing = policy.AlertView(state="firing", notified=False)
    assert policy.decide(firing, policy.Context(), now).event == "firing"
    assert policy.decide(firing, policy.Context(site_open=False), now).hold == "closed"
    assert policy.decide(firing, policy.Context(site_open=False, outside_hours_ok=True), now).event == "firing"
    assert policy.decide(firing, policy.Context(silenced=True), now).hold == "silenced"
    assert policy.decide(firing, policy.Context(grouping=True), now).hold == "grouping"
    inhibited = policy.AlertView(state="firing", notified=False, inhibited=True)
    assert policy.decide(inhibited, policy.Context(), now).hold == "inhibited"
    notified = policy.AlertView(state="firing", notified=True, next_notify_at=now)
    assert policy.decide(notified, policy.Context(), now).event == "reminder"
    assert policy.decide(notified, policy.Context(grouping=True), now).event == "reminder"
    acked = policy.AlertView(state="firing", notified=True, next_notify_at=now, acked=True)
    assert policy.decide(acked, policy.Context(), now) == policy.Decision()
    never = policy.AlertView(state="resolved", notified=False)
    assert policy.decide(never, policy.Context(), now) == policy.Decision(close_out=True)
    superseded = policy.AlertView(state="resolved", notified=True, resolution="superseded")
    assert policy.decide(superseded, policy.Context(), now) == policy.Decision(close_out=True)
    done = policy.AlertView(state="resolved", notified=True)
    assert policy.decide(done, policy.Context(), now) == policy.Decision(event="resolved", close_out=True)
    assert policy.decide(done, policy.Context(site_open=False), now).hold == "closed"


def test_silence_matching():
    s = [policy.Silence(1, T, T + dt.timedelta(hours=1), site_id=2, kind="ap_down")]
    assert policy.silenced(s, T, kind="ap_down", site_id=2, ap_id=9)
    assert not policy.silenced(s, T, kind="site_down", site_id=2, ap_id=None)
    assert not policy.silenced(s, T, kind="ap_down", site_id=3, ap_id=9)
    assert not policy.silenced(s, T + dt.timedelta(hours=1), kind="ap_down", site_id=2, ap_id=9)


def test_backoff_doubles_and_caps():
    cfg = parse_config({"alerts": {"renotify_initial_minutes": 60, "renotify_max_hours": 24}})
    assert [renotify_delay_s(cfg.alerts, n) // 3600 for n in range(1, 8)] == [1, 2, 4, 8, 16, 24, 24]


def test_rule_selection_by_site_and_group():
    cfg = parse_config({"snmp": {"down_after_failures": 5}, "alerts": {
        "channels": [{"name": "hook", "type": "webhook", "url": "http://127.0.0.1:9/h"}],
        "rules": [{"name": "office-aps", "match_sites": ["Office"], "match_groups": ["staff"], "enabled": False},
                  {"name": "office", "match_sites": ["Office"], "notify_outside_hours": True}]}})
    assert rule_for(cfg.alerts, "Office", "staff").enabled is False
    office = rule_for(cfg.alerts, "Office", None)
    # up/down: the one rule of snmp.*, for every alert rule as for the store
    assert (office.name, office.down_after, office.up_after, office.channels) == ("office", 5, 2, ("hook",))
    assert rule_for(cfg.alerts, "Office", "staff", site_level=True).name == "office"
    assert rule_for(cfg.alerts, "Elsewhere", None).name == "default"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_template_renders_in_both_languages(lang):
    facts = {"ap": "ap-1", "site": "Sembalun", "source": "hotspot", "since": T, "at": T + dt.timedelta(minutes=75),
             "tz": "Asia/Makassar", "clients": 30, "minutes": 15, "transitions": 4, "aps": 3, "alert_id": 7,
             "gateway": "10.0.0.1", "held": True, "collector": "default", "lines": 12, "total": 40}
    seen = set()
    for (kind, event) in templates.TEXTS:
        for ev in (("firing", "reminder") if event == "firing" else ("resolved",)):
            subject, body = templates.render(kind, ev, lang, facts)
            assert subject.startswith("[Kunang] ") and "{" not in subject + body and "?" not in subject
            seen.add(subject)
    firing = [k for k in templates.TEXTS if k[1] == "firing"]
    assert len(seen) == 2 * len(firing) + len(templates.TEXTS) - len(firing)  # all distinct
    assert {k for k, _ in firing} >= INSTANT
    s, b = templates.render("ap_down", "resolved", lang, facts)
    assert ("1 jam 15 menit" if lang == "id" else "1 h 15 min") in b
    assert "2026-11-23 10:00 WITA" in templates.render("ap_down", "firing", lang, facts)[1]


def test_duration_words():
    assert templates.fmt_duration(0, "en") == "0 min"
    assert templates.fmt_duration(90061, "id") == "1 hari 1 jam 1 menit"


@pytest.mark.parametrize("where", ["alerts", "rule"])
def test_status_settings_have_one_home(where):
    """alerts.down_after_failures (or a rule's) is refused with the setting's one home named."""
    from collector.errors import ConfigError

    alerts = {"down_after_failures": 4} if where == "alerts" else {"rules": [{"name": "r", "up_after_successes": 3}]}
    with pytest.raises(ConfigError) as err:
        parse_config({"alerts": alerts})
    assert "moved to snmp." in str(err.value)


def test_store_and_alerts_decide_up_and_down_alike():
    """The same poll outcomes give the same states and events in the store's rule and the alert tracker."""
    import datetime as dt

    from collector.status import Thresholds, advance

    outcomes = [True, False, False, True, False, False, False, False, True, False, True, True, True]
    state, fails, oks, store_events = "unknown", 0, 0, []
    tr, alert_events = ApTracker(), []
    rule = Rule("r", down_after=3, up_after=2, high_load_clients=None, high_load_minutes=5,
                notify_outside_hours=False, channels=(), flap_transitions=100)
    t = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.timezone.utc)
    for i, ok in enumerate(outcomes):
        state, fails, oks, event = advance(state, fails, oks, ok, Thresholds(3, 2))
        store_events += [event] if event else []
        alert_events += [e for e in step(tr, rule, t + dt.timedelta(minutes=i), ok) if e in ("up", "down")]
        assert tr.state == state
    assert store_events == alert_events == ["down", "up"]


def test_reboot_is_sysuptime_going_back_but_not_its_wrap():
    from collector.status import TICKS_WRAP, rebooted

    assert rebooted(500_000, 1_200) and not rebooted(1_200, 500_000) and not rebooted(1_200, 1_200)
    assert not rebooted(None, 1_200) and not rebooted(500_000, None)
    assert not rebooted(TICKS_WRAP - 100, 50)  # 497 days up: the counter wrapped, the AP did not restart
    assert rebooted(TICKS_WRAP - 400_000, 50)  # over an hour before the wrap: a restart
