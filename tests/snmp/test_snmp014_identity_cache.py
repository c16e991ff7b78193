"""Identification's probes (GET, GETNEXT) are sent once per device, not every poll: the IdentitySlot the caller
keeps per device is reused while sysObjectID, sysDescr and sysUpTime say it is the same device,
and dropped on a reboot, a sysDescr change, a profile reload or after max_age_s.

Replays a real recording through the poller (the `kunang profile test` path) with a session that
logs every GET and GETNEXT, so the assertions are on the requests actually made."""

from __future__ import annotations

import asyncio

from collector.poller import SYS_UPTIME, SYS_DESCR, poll_with_raw
from collector.profiles.identity_cache import IdentitySlot
from collector.profiles.loader import load_profiles
from collector.profiles.replay import load_recording
from collector.snmp.model import SnmpTarget
from collector.snmp.recording import RecordingSession
from tests.snmp.cases import DATA

PROBE = (1, 3, 6, 1, 4, 1, 41112, 1, 6)  # ubntUniFi: the subtree probe (GETNEXT) that tells UniFi from airOS


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _poll(profiles, rec, slot, gets):
    class Logged(RecordingSession):
        async def get(self, oids):
            gets.append(list(oids))
            return await super().get(oids)

        async def first_under(self, prefixes):
            gets.append(list(prefixes))
            return await super().first_under(prefixes)

    async def open_session(_target):
        return Logged(rec)

    return asyncio.run(poll_with_raw(SnmpTarget("recording", 161, community="public"), profiles, "auto",
                                     open_session=open_session, identity=slot))[0]


def _probed(gets) -> bool:
    return any(PROBE in g for g in gets)


def test_probe_sent_once_then_again_after_reboot_descr_change_reload_or_age():
    profiles = load_profiles()
    rec = load_recording(profiles, DATA / "snmprec" / "unifi-frogfoot.snmprec")
    clock = Clock()
    slot = IdentitySlot(max_age_s=3600, clock=clock)

    gets: list = []
    first = _poll(profiles, rec, slot, gets)
    assert first.profile == "unifi-ap" and _probed(gets) and slot.identified == 1

    gets.clear()
    second = _poll(profiles, rec, slot, gets)
    assert not _probed(gets) and slot.identified == 1
    assert (second.profile, second.clients_total, second.identified_by) == (first.profile, first.clients_total, first.identified_by)

    up = rec.oids.index(SYS_UPTIME)
    rec.values[up] = rec.values[up] + 500  # still running: cached
    gets.clear()
    _poll(profiles, rec, slot, gets)
    assert not _probed(gets)

    rec.values[up] = 10  # rebooted: identified again
    gets.clear()
    _poll(profiles, rec, slot, gets)
    assert _probed(gets) and slot.identified == 2

    d = rec.oids.index(SYS_DESCR)
    rec.values[d] = rec.values[d] + b" (upgraded)"  # new firmware text
    gets.clear()
    _poll(profiles, rec, slot, gets)
    assert _probed(gets) and slot.identified == 3

    clock.now += 3599  # within max_age_s: cached
    gets.clear()
    _poll(profiles, rec, slot, gets)
    assert not _probed(gets)
    clock.now += 2  # older than max_age_s
    gets.clear()
    _poll(profiles, rec, slot, gets)
    assert _probed(gets) and slot.identified == 4

    reloaded = load_profiles()  # a reload (SIGHUP, new profile_dirs) re-identifies
    gets.clear()
    assert _poll(reloaded, rec, slot, gets).profile == "unifi-ap"
    assert _probed(gets) and slot.identified == 5


def test_failed_probe_get_is_not_cached():
    """Identified without the probes (the GETNEXT failed): the next poll tries again."""
    profiles = load_profiles()
    rec = load_recording(profiles, DATA / "snmprec" / "unifi-frogfoot.snmprec")
    slot = IdentitySlot()

    class Refusing(RecordingSession):
        async def first_under(self, prefixes):
            if PROBE in prefixes:
                from collector.snmp.errors import SnmpError
                raise SnmpError("probe refused")
            return await super().first_under(prefixes)

    async def open_session(_target):
        return Refusing(rec)

    result = asyncio.run(poll_with_raw(SnmpTarget("recording", 161, community="public"), profiles, "auto",
                                       open_session=open_session, identity=slot))[0]
    assert result.profile != "unifi-ap" and slot.identification is None
    gets: list = []
    assert _poll(profiles, rec, slot, gets).profile == "unifi-ap" and slot.identified == 1
