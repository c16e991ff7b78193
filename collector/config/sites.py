"""Sites and their access points: opening hours, holidays, SNMP credentials."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, Discriminator, Field, Tag, field_validator, model_validator

from collector.config.types import WEEKDAYS, SecretStr, Strict, TimeZone

# --------------------------------------------------------------------------- SNMP


class SnmpCredentials(Strict):
    version: Literal["1", "2c", "3"] = "2c"
    community: SecretStr | None = None
    user: str | None = None
    auth_protocol: Literal["MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"] | None = None
    auth_key: SecretStr | None = None
    priv_protocol: Literal["DES", "AES", "AES-192", "AES-256"] | None = None
    priv_key: SecretStr | None = None
    context: str = ""
    timeout_s: float = Field(2.0, gt=0, le=60)
    retries: int = Field(1, ge=0, le=10)

    @field_validator("version", mode="before")
    @classmethod
    def _version_str(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) else v

    @model_validator(mode="after")
    def _check(self) -> "SnmpCredentials":
        if self.version in ("1", "2c") and not self.community:
            raise ValueError("community is required for SNMP v1/v2c")
        if self.version == "3":
            if not self.user:
                raise ValueError("user is required for SNMP v3")
            if self.priv_protocol and not self.auth_protocol:
                raise ValueError("priv_protocol needs auth_protocol (authPriv)")
            if self.auth_protocol and not self.auth_key:
                raise ValueError("auth_key is required when auth_protocol is set")
            if self.priv_protocol and not self.priv_key:
                raise ValueError("priv_key is required when priv_protocol is set")
        return self


class AccessPoint(Strict):
    name: str = Field(min_length=1, max_length=100)
    address: str = Field(min_length=1)
    port: int = Field(161, ge=1, le=65535)
    # inline credentials, or the name of an entry of snmp.credentials
    snmp: Annotated[
        Annotated[SnmpCredentials, Tag("SnmpCredentials")] | Annotated[str, Tag("str")],
        Discriminator(lambda v: "SnmpCredentials" if isinstance(v, (dict, SnmpCredentials)) else "str"),
    ] | None = None
    profile: str = "auto"
    poll_interval_s: int | None = Field(None, ge=10, le=3600)
    group: str | None = None
    icmp: bool | None = None  # overrides alerts.icmp for this AP


# --------------------------------------------------------------------------- sites

# a site key: safe as one NATS subject token, a file name and an inbox prefix
SITE_KEY_PATTERN = r"^[a-z0-9_-]{1,64}$"


def slug(name: str) -> str:
    """The default key of a site: 'Desa Sembalun Lawang' -> 'desa-sembalun-lawang' (ASCII, lower case,
    [a-z0-9_-])."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9_-]+", "-", text).strip("-")[:64] or "site"


_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


def _hours(v: Any) -> tuple[tuple[dt.time, dt.time], ...]:
    """`"08:00-16:00"`, `"08:00-12:00, 13:00-16:00"`, a list of those, or `closed`."""
    if v is None or v is False or (isinstance(v, str) and v.strip().lower() in ("closed", "")):
        return ()
    items = v if isinstance(v, list) else str(v).split(",")
    out = []
    for item in items:
        m = _HOURS.match(str(item).strip())
        if not m:
            raise ValueError(f"{item!r} is not a range like 08:00-16:00 (or 'closed')")
        h1, m1, h2, m2 = map(int, m.groups())
        start = dt.time(h1, m1)
        end = dt.time(23, 59, 59) if h2 == 24 else dt.time(h2, m2)
        if end <= start:
            raise ValueError(f"{item!r}: the end must be after the start")
        out.append((start, end))
    return tuple(sorted(out))


Hours = Annotated[tuple[tuple[dt.time, dt.time], ...], BeforeValidator(_hours)]


class OpeningHours(Strict):
    mon: Hours = ()
    tue: Hours = ()
    wed: Hours = ()
    thu: Hours = ()
    fri: Hours = ()
    sat: Hours = ()
    sun: Hours = ()

    def for_weekday(self, weekday: int) -> tuple[tuple[dt.time, dt.time], ...]:
        return getattr(self, WEEKDAYS[weekday])


DEFAULT_HOURS = {d: "08:00-16:00" for d in WEEKDAYS[:4]} | {"fri": "08:00-11:30", "sat": "08:00-12:00", "sun": "closed"}


class Holiday(Strict):
    date: dt.date
    name: str = ""


class Site(Strict):
    name: str = Field(min_length=1, max_length=100)
    group: str | None = None  # e.g. a district
    timezone: TimeZone = "Asia/Makassar"
    opening_hours: OpeningHours = Field(default_factory=lambda: OpeningHours(**DEFAULT_HOURS))
    holidays: list[Holiday | dt.date] = []
    gateway: str | None = None  # address of the site's uplink router (for site-offline inhibition)
    # the site's stable key in NATS subjects and credentials (default: a slug of the name)
    key: str | None = Field(None, pattern=SITE_KEY_PATTERN)
    edge: bool = False  # a village library reporting through `kunang edge` (docs/district.md)
    aps: list[AccessPoint] = []

    @property
    def site_key(self) -> str:
        return self.key or slug(self.name)

    @field_validator("holidays", mode="after")
    @classmethod
    def _holidays(cls, v: list) -> list[Holiday]:
        return [h if isinstance(h, Holiday) else Holiday(date=h) for h in v]

    def is_open(self, when: dt.datetime) -> bool:
        local = when.astimezone(ZoneInfo(self.timezone))
        if any(h.date == local.date() for h in self.holidays):
            return False
        t = local.time()
        return any(a <= t < b for a, b in self.opening_hours.for_weekday(local.weekday()))

    @model_validator(mode="after")
    def _unique_aps(self) -> "Site":
        seen = set()
        for ap in self.aps:
            if ap.name in seen:
                raise ValueError(f"access point name {ap.name!r} is used twice in site {self.name!r}")
            seen.add(ap.name)
        return self


