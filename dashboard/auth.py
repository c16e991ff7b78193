"""Login throttling (pure, no Flask); password hashes by the scheme of the contract with the collector
(`contract`: `kunang dashboard hash-password` writes them, the dashboard verifies them)."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

from contract import hash_password, verify_password  # noqa: F401  (the dashboard's users)

# A hash of a random password: checked when the user does not exist, so that
# response time does not tell which usernames exist.
DUMMY_HASH = hash_password(os.urandom(12).hex())


@dataclass
class _Entry:
    failures: int = 0
    first: float = 0.0
    locked_until: float = 0.0


class Throttle:
    """Failed-login counter per key (`ip:<client address>`, `ipu:<client address>|<username>`).

    After `limit` failures within `window_s` (`ip_limit` for addresses), the key is locked for `lock_s`,
    doubling with every further failure (at most `max_lock_s`). A success
    clears the key. In memory: the dashboard is one process.
    """

    def __init__(self, limit: int = 5, window_s: float = 900, lock_s: float = 60, max_lock_s: float = 3600,
                 clock=time.monotonic, ip_limit: int | None = None):
        self.limit, self.window_s, self.lock_s, self.max_lock_s = limit, window_s, lock_s, max_lock_s
        # a client address may be shared (a library's NAT, a reverse proxy): it gets a higher limit
        self.ip_limit = ip_limit or 4 * limit
        self.clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> float:
        """Seconds until any of these keys may try again (0: allowed now)."""
        now = self.clock()
        with self._lock:
            return max([max(0.0, e.locked_until - now) for k in keys if (e := self._entries.get(k))] or [0.0])

    def failure(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for k in keys:
                e = self._entries.setdefault(k, _Entry(first=now))
                if now - e.first > self.window_s and e.locked_until <= now:
                    e.failures, e.first = 0, now
                e.failures += 1
                limit = self.ip_limit if k.startswith("ip:") else self.limit
                if e.failures >= limit:
                    extra = e.failures - limit
                    e.locked_until = now + min(self.max_lock_s, self.lock_s * (2**extra))
            if len(self._entries) > 10_000:  # bound memory under a spray of usernames
                for k in [k for k, e in self._entries.items() if e.locked_until < now][:5_000]:
                    del self._entries[k]

    def success(self, *keys: str) -> None:
        with self._lock:
            for k in keys:
                self._entries.pop(k, None)
