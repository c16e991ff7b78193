"""The running dashboard's settings and database reader, and who is asking.

One Dash app per process (Dash callbacks are process-global), so these are
process-global too; `dashboard.app.create_app` sets them.
"""

from __future__ import annotations

from dataclasses import dataclass

import flask

from dashboard.auth import Throttle
from dashboard.db import Reader
from dashboard.settings import Settings, User


@dataclass
class Runtime:
    settings: Settings
    reader: Reader
    throttle: Throttle


_current: Runtime | None = None


def install(settings: Settings, reader: Reader | None = None, throttle: Throttle | None = None) -> Runtime:
    global _current
    if _current is not None and reader is None and _current.reader.dsn == settings.dsn:
        reader = _current.reader
    _current = Runtime(settings, reader or Reader(settings.dsn, pool_size=settings.pool_size,
                                                   statement_timeout_s=settings.statement_timeout_s),
                       throttle or Throttle())
    return _current


def get() -> Runtime:
    if _current is None:
        raise RuntimeError("the dashboard runtime is not installed (create_app first)")
    return _current


def settings() -> Settings:
    return get().settings


def reader() -> Reader:
    return get().reader


def user() -> User | None:
    """The signed-in user of the current request (looked up in the settings, never trusted from the cookie)."""
    if not flask.has_request_context():
        return None
    name = flask.session.get("user")
    return get().settings.user(name) if name else None


def is_admin() -> bool:
    u = user()
    return u is not None and u.role == "admin"


def lang() -> str:
    s = get().settings
    if flask.has_request_context():
        chosen = flask.session.get("lang")
        if chosen in ("id", "en"):
            return chosen
        u = user()
        if u and u.language in ("id", "en"):
            return u.language
    return s.language
