"""Settings of the dashboard process, read from the environment.

`kunang dashboard` (collector/commands/dashboard.py) validates kunang.yaml and
starts `python -m dashboard serve` with:

- `KUNANG_DSN`: the database to read (libpq connection string or URI);
- `KUNANG_DASHBOARD_CONFIG`: JSON of what the dashboard needs (see `from_json`; the keys: `contract`).

Every key of the JSON has a default, so tests and the demo can pass only a few.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field

from contract import DASHBOARD_KEYS as KNOWN
from contract import ENV_DASHBOARD_CONFIG as ENV_CONFIG
from contract import ENV_DSN

LANGUAGES = ("id", "en")


class SettingsError(Exception):
    """A missing or malformed setting (one clear line)."""


@dataclass(frozen=True)
class User:
    username: str
    password_hash: str
    role: str = "viewer"  # admin | viewer
    language: str | None = None


@dataclass(frozen=True)
class Settings:
    dsn: str
    users: tuple[User, ...] = ()
    language: str = "id"
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    secure_cookies: bool = False
    address: str = "127.0.0.1"
    port: int = 8050
    name: str = "Kunang"
    rotating_salt: bool = False
    visitor_min_minutes: int = 5
    session_gap_minutes: int = 10
    returning_window_days: int = 30
    poll_interval_s: int = 60
    refresh_s: int = 60  # pages refresh at least once per poll interval
    # how often every page asks whether the database answers (the banner); keep it above the 3 s a check waits
    # for a connection while the database is down: Dash drops a check still running when the next one starts
    health_check_s: float = 10
    pool_size: int = 5
    statement_timeout_s: int = 30
    trusted_proxy: str | None = None  # address of the TLS reverse proxy whose X-Forwarded-For/-Proto to trust
    reports: dict = field(default_factory=dict)  # the report page's: output_dir, languages, formats
    extra: dict = field(default_factory=dict)  # keys the contract does not name (kept, not used)

    def user(self, username: str) -> User | None:
        for u in self.users:
            if u.username == username:
                return u
        return None


def from_json(dsn: str, raw: dict) -> Settings:
    if not isinstance(raw, dict):
        raise SettingsError(f"{ENV_CONFIG}: must be a JSON object")
    users = []
    for i, u in enumerate(raw.get("users") or []):
        try:
            user = User(str(u["username"]), str(u["password_hash"]), str(u.get("role") or "viewer"), u.get("language"))
        except (KeyError, TypeError):
            raise SettingsError(f"{ENV_CONFIG}: users[{i}] needs username and password_hash") from None
        if user.role not in ("admin", "viewer"):
            raise SettingsError(f"{ENV_CONFIG}: users[{i}].role must be admin or viewer")
        users.append(user)
    kwargs = {k: raw[k] for k in KNOWN if raw.get(k) is not None}
    if kwargs.get("language", "id") not in LANGUAGES:
        raise SettingsError(f"{ENV_CONFIG}: language must be one of {', '.join(LANGUAGES)}")
    if "refresh_s" not in kwargs and "poll_interval_s" in kwargs:
        kwargs["refresh_s"] = max(10, min(60, int(kwargs["poll_interval_s"])))
    extra = {k: v for k, v in raw.items() if k not in KNOWN and k != "users"}
    return Settings(dsn=dsn, users=tuple(users), extra=extra, **kwargs)


def from_env(environ: dict | None = None) -> Settings:
    env = os.environ if environ is None else environ
    dsn = env.get(ENV_DSN)
    if not dsn:
        raise SettingsError(f"{ENV_DSN} is not set (start the dashboard with `kunang dashboard`)")
    try:
        raw = json.loads(env.get(ENV_CONFIG) or "{}")
    except json.JSONDecodeError as exc:
        raise SettingsError(f"{ENV_CONFIG}: not valid JSON ({exc.msg} at position {exc.pos})") from None
    return from_json(dsn, raw)
