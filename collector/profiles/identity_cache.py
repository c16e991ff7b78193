"""One device's identity, kept between polls so identification's probe GET is not sent every poll.

The caller keeps one `IdentitySlot` per device (as it keeps the poller's hints) and passes it to
`poller.poll(..., identity=slot)`. The poller still GETs the system group every poll (it needs
sysUpTime anyway); the cached identification is reused while

* sysObjectID and sysDescr are the ones it was identified with (a firmware upgrade changes sysDescr),
* sysUpTime has not gone backwards (a reboot may come with new firmware or another image),
* it is younger than `max_age_s` (default 6 hours: a device that starts answering a vendor OID,
  e.g. after a licence or SNMP-view change, is seen within that time), and
* the profiles are the same set it was made from (a reload re-identifies everything).

Otherwise the device is identified again (match rules and, where needed, the probe GET).
A forced profile (`--profile`) is never cached: it costs no probe.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

DEFAULT_MAX_AGE_S = 6 * 3600.0


@dataclass
class IdentitySlot:
    max_age_s: float = DEFAULT_MAX_AGE_S
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    identification: Any = None  # profiles.identify.Identification
    profiles_id: int | None = None
    sys_object_id: str | None = None
    sys_descr: str | None = None
    uptime: int | None = None
    at: float = 0.0
    identified: int = 0  # how many times this device was identified (probes sent), for tests/stats

    def get(self, profiles: dict, sys_object_id: str | None, sys_descr: str | None, uptime: Any) -> Any:
        """The cached identification if it still holds for what the device says now, else None."""
        found = self.identification
        if found is None or self.profiles_id != id(profiles):
            return None
        if (sys_object_id, sys_descr) != (self.sys_object_id, self.sys_descr):
            return None
        if isinstance(uptime, int) and isinstance(self.uptime, int) and uptime < self.uptime:
            return None  # rebooted
        if self.clock() - self.at > self.max_age_s:
            return None
        if profiles.get(found.profile.name) is not found.profile:
            return None
        self.uptime = uptime if isinstance(uptime, int) else self.uptime
        return found

    def put(self, profiles: dict, sys_object_id: str | None, sys_descr: str | None, uptime: Any, identification: Any) -> None:
        self.identification = identification
        self.profiles_id = id(profiles)
        self.sys_object_id, self.sys_descr = sys_object_id, sys_descr
        self.uptime = uptime if isinstance(uptime, int) else None
        self.at = self.clock()
        self.identified += 1
