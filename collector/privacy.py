"""Keyed pseudonyms for people's identifiers (device MACs, usernames).

`device` and `user_id` columns hold HMAC-SHA256(key, identifier) truncated to
128 bits, hex. The same key gives the same pseudonym in the SNMP collector and
the portal ingester, so the two sources join. With `rotating_salt` the key is
first mixed with the local date: pseudonyms then change every day and no device
can be followed across days (returning-visitor figures are not computed).
`probe_device` always works that way, with a key of its own: passers-by sensed from probe requests
(collector/sensing/probes.py) are never followable across days, whatever `rotating_salt` says.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from collector.identifiers import normalise_mac
from contract import MAC_IN_TEXT

class Pseudonymizer:
    def __init__(self, key: bytes, *, rotating_salt: bool = False, keep_raw: bool = False):
        if len(key) < 16:
            raise ValueError("privacy key must be at least 16 bytes")
        self._key = key
        self.rotating_salt = rotating_salt
        self.keep_raw = keep_raw
        self._day_keys: dict[dt.date, bytes] = {}
        self._probe_keys: dict[dt.date, bytes] = {}

    def __repr__(self) -> str:
        return f"Pseudonymizer(rotating_salt={self.rotating_salt}, keep_raw={self.keep_raw})"

    def _key_for(self, day: dt.date | None) -> bytes:
        if not self.rotating_salt:
            return self._key
        if day is None:
            raise ValueError("rotating_salt mode needs the local date of the observation")
        k = self._day_keys.get(day)
        if k is None:
            k = hmac.new(self._key, b"day:" + day.isoformat().encode(), hashlib.sha256).digest()
            if len(self._day_keys) > 64:
                self._day_keys.clear()
            self._day_keys[day] = k
        return k

    def day_of(self, when: "dt.datetime | float", zone: dt.tzinfo) -> dt.date | None:
        """The day a pseudonym of an observation at `when` (aware datetime or POSIX seconds) belongs
        to: its local date at the site (`zone`), one rule for every source, so that a rotating
        pseudonym changes at the site's midnight for the poller, the portal and the sensors alike
        (the SNMP ⋈ portal join needs identical pseudonyms). None without a rotating salt."""
        if not self.rotating_salt:
            return None
        if isinstance(when, dt.datetime):
            return when.astimezone(zone).date()
        return dt.datetime.fromtimestamp(when, zone).date()

    def device(self, mac: str, day: dt.date | None = None) -> str:
        """Pseudonym of a MAC normalised by collector.identifiers.normalise_mac."""
        return hmac.new(self._key_for(day), b"mac:" + mac.encode(), hashlib.sha256).hexdigest()[:32]

    def probe_device(self, mac: str, day: dt.date) -> str:
        """Day-rotating pseudonym of a probing MAC, never equal to a `device` pseudonym of any day."""
        k = self._probe_keys.get(day)
        if k is None:
            k = hmac.new(self._key, b"probe-day:" + day.isoformat().encode(), hashlib.sha256).digest()
            if len(self._probe_keys) > 8:
                self._probe_keys.clear()
            self._probe_keys[day] = k
        return hmac.new(k, b"mac:" + mac.encode(), hashlib.sha256).hexdigest()[:32]

    def user(self, username: str, day: dt.date | None = None) -> str:
        """Pseudonym of a user name normalised by collector.identifiers.normalise_user."""
        return hmac.new(self._key_for(day), b"user:" + username.encode(), hashlib.sha256).hexdigest()[:32]


def scrub(text: str, pseudo: Pseudonymizer) -> str:
    """Replace MAC-like strings in free text (e.g. a quarantined log line) by pseudonyms (which
    strings: `contract.MAC_IN_TEXT`, the rule the dashboard masks by too)."""
    return MAC_IN_TEXT.sub(lambda m: "dev:" + pseudo.device(normalise_mac(m.group(0)) or m.group(0))[:12]
                           if not pseudo.rotating_salt else "dev:redacted", text)


def load_key(configured: str | None, state_dir: str | os.PathLike) -> bytes:
    """The configured key, or one generated once and kept (mode 600) in the state directory."""
    if configured:
        return configured.encode()
    path = Path(state_dir) / "privacy.key"
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it a moment ago
        return path.read_bytes().strip()
    try:
        os.write(fd, key + b"\n")
    finally:
        os.close(fd)
    return key


def from_config(cfg) -> Pseudonymizer:
    """Build from a collector.config.Config."""
    state_dir = Path(cfg.database.data_dir).resolve().parent
    key = load_key(cfg.privacy.key.reveal() if cfg.privacy.key else None, state_dir)
    return Pseudonymizer(key, rotating_salt=cfg.privacy.rotating_salt, keep_raw=cfg.privacy.store_raw_identifiers)
