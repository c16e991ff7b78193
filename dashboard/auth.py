"""Login throttling and the login form's token (pure, no Flask); password hashes by the scheme of the
contract with the collector (`contract`: `kunang dashboard hash-password` writes them, the dashboard
verifies them)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass

from contract import hash_password, verify_password  # noqa: F401  (the dashboard's users)

# A hash of a random password: checked when the user does not exist, so that
# response time does not tell which usernames exist.
DUMMY_HASH = hash_password(os.urandom(12).hex())

# How long a login form may stay open before it must be reloaded.
FORM_TTL_S = 12 * 3600


def _form_mac(secret: str, issued: int, nonce: str) -> str:
    return hmac.new(secret.encode(), f"kunang-login-form|{issued}|{nonce}".encode(), hashlib.sha256).hexdigest()[:32]


def form_token(secret: str, now: float) -> str:
    """A login form's token: signed with the dashboard's secret and dated, bound to no session, so that
    any number of tabs opened at once each get a form that works. It proves that the form came from this
    dashboard within FORM_TTL_S; the cross-site defence is the Origin check (`security.same_origin`)."""
    issued, nonce = int(now), secrets.token_urlsafe(12)
    return f"{issued}.{nonce}.{_form_mac(secret, issued, nonce)}"


def form_token_valid(token: str, secret: str, now: float, ttl_s: float = FORM_TTL_S) -> bool:
    """True for a token of `form_token` with this secret, issued at most `ttl_s` before `now`
    (and not more than a minute after it: clock steps)."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or len(parts[0]) > 12:
        return False
    issued, nonce, mac = int(parts[0]), parts[1], parts[2]
    return -60 <= now - issued <= ttl_s and hmac.compare_digest(mac, _form_mac(secret, issued, nonce))


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
