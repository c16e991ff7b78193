"""Which alert rule applies to an AP or a site: pure, from the config.

The first enabled-or-not rule of `alerts.rules` whose `match_sites` (empty =
any) holds the site and whose `match_groups` (empty = any) holds the AP's group
applies; a disabled matching rule silences detection for those APs. With no
match, the section-wide defaults apply with every channel.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    name: str
    down_after: int
    up_after: int
    high_load_clients: int | None
    high_load_minutes: int
    notify_outside_hours: bool
    channels: tuple[str, ...]  # names; resolved against alerts.channels
    enabled: bool = True
    flap_transitions: int = 4
    flap_window_s: int = 1800


def default_rule(section) -> Rule:
    return Rule(
        name="default",
        down_after=section.down_after_failures,
        up_after=section.up_after_successes,
        high_load_clients=None,
        high_load_minutes=15,
        notify_outside_hours=False,
        channels=tuple(c.name for c in section.channels),
        flap_transitions=section.flap_transitions,
        flap_window_s=section.flap_window_minutes * 60,
    )


def from_config(section, r) -> Rule:
    return Rule(
        name=r.name,
        down_after=section.down_after_failures,  # snmp.*: the one up/down rule (collector/status.py)
        up_after=section.up_after_successes,
        high_load_clients=r.high_load_clients,
        high_load_minutes=r.high_load_minutes,
        notify_outside_hours=r.notify_outside_hours,
        channels=tuple(r.channels) or tuple(c.name for c in section.channels),
        enabled=r.enabled,
        flap_transitions=section.flap_transitions,
        flap_window_s=section.flap_window_minutes * 60,
    )


def rule_for(section, site: str | None, group: str | None, *, site_level: bool = False) -> Rule:
    """The rule for an AP (site, AP group), or with `site_level` for a site alert."""
    for r in section.rules:
        if r.match_sites and site not in r.match_sites:
            continue
        if site_level:
            if r.match_groups:
                continue
        elif r.match_groups and group not in r.match_groups:
            continue
        return from_config(section, r)
    return default_rule(section)


def renotify_delay_s(section, count: int) -> int:
    """Delay before reminder number `count` (1 = after the first notification): doubling, capped."""
    first = section.renotify_initial_minutes * 60
    cap = section.renotify_max_hours * 3600
    return int(min(first * 2 ** max(count - 1, 0), cap))
