"""Password hashes and login throttling (pure, no Flask).

Hash format (self-describing, produced by `kunang dashboard hash-password`):

    scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>
    pbkdf2_sha256$<iterations>$<salt, base64>$<hash, base64>
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from dataclasses import dataclass

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """The same scheme as collector/commands/dashboard.py (kept in sync by a test)."""
    salt = salt or os.urandom(16)
    dk = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(dk)}"


def verify_password(password: str, encoded: str) -> bool:
    """True if `password` matches `encoded`; False for a wrong password or a malformed hash."""
    try:
        parts = encoded.split("$")
        if parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
            if n > 2**20 or r > 32 or p > 16:
                return False
            salt, want = base64.b64decode(parts[4]), base64.b64decode(parts[5])
            got = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(want),
                                 maxmem=256 * 1024 * 1024)
        elif parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            iterations = int(parts[1])
            salt, want = base64.b64decode(parts[2]), base64.b64decode(parts[3])
            got = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations, len(want))
        else:
            return False
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


# A hash of a random password: checked when the user does not exist, so that
# response time does not tell which usernames exist.
DUMMY_HASH = hash_password(os.urandom(12).hex())


@dataclass
class _Entry:
    failures: int = 0
    first: float = 0.0
    locked_until: float = 0.0


class Throttle:
    """Failed-login counter per key (`u:<username>`, `ip:<client address>`).

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
