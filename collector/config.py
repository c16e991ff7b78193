"""The operator's one configuration file, `kunang.yaml`, validated strictly.

Unknown keys are errors; every problem is reported with its field path
(`sites[2].aps[0].snmp.version: must be one of 1, 2c, 3`). Strings may hold
`${ENV_VAR}` references, expanded at load. Secrets are `Secret` values whose
repr and str are redacted, so they never reach a log line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import warnings
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Tag,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from collector.errors import ConfigError

ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
DEFAULT_FILE = "kunang.yaml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Secret(str):
    """A string that never shows itself in repr/str formatting of models or logs."""

    def __repr__(self) -> str:  # pragma: no cover - trivial
        return "Secret('***')"

    def reveal(self) -> str:
        return str.__str__(self)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _to_secret,
            serialization=core_schema.plain_serializer_function_ser_schema(lambda v: "***" if v else v),
        )


def _to_secret(v: Any) -> Secret | None:
    if v is None:
        return None
    if isinstance(v, (int, float)):
        v = str(v)
    if not isinstance(v, str):
        raise ValueError("must be a string")
    return Secret(v)


SecretStr = Secret


def _tz(v: str) -> str:
    try:
        ZoneInfo(v)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {v!r} (use an IANA name such as Asia/Makassar)") from None
    return v


TimeZone = Annotated[str, AfterValidator(_tz)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


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
    aps: list[AccessPoint] = []

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


# --------------------------------------------------------------------------- sections


class SnmpSection(Strict):
    credentials: dict[str, SnmpCredentials] = {}
    default: str | None = None  # name of the credentials used where an AP names none
    poll_interval_s: int = Field(60, ge=10, le=3600)
    concurrency: int = Field(64, ge=1, le=2000)
    down_after_failures: int = Field(3, ge=1, le=100)


class PortalSource(Strict):
    name: str = Field(min_length=1)
    site: str
    kind: Literal["syslog", "file"]
    format: Literal["auto", "mikrotik", "coova", "opennds", "nodogsplash", "pfsense", "opnsense", "radius-detail"] = "auto"
    path: str | None = None  # kind=file
    peers: list[str] = []  # kind=syslog: sender addresses mapped to this site

    @model_validator(mode="after")
    def _check(self) -> "PortalSource":
        if self.kind == "file" and not self.path:
            raise ValueError("path is required for a file source")
        if self.kind == "syslog" and not self.peers:
            raise ValueError("peers (sender addresses) are required for a syslog source")
        return self


class SyslogListener(Strict):
    enabled: bool = True
    address: str = "127.0.0.1"
    port: int = Field(5514, ge=1, le=65535)
    tcp: bool = True
    max_message_bytes: int = Field(8192, ge=480, le=1_048_576)


class PortalSection(Strict):
    syslog: SyslogListener = SyslogListener()
    sources: list[PortalSource] = []
    session_timeout_minutes: int = Field(720, ge=5)


class DatabaseSection(Strict):
    dsn: SecretStr | None = None  # external server; unset = embedded PostgreSQL
    data_dir: str = ".kunang/pgdata"  # embedded server's data directory
    pool_size: int = Field(5, ge=1, le=100)
    timescaledb: Literal["auto", "off"] = "auto"
    statement_timeout_s: int = Field(60, ge=1)


class PrivacySection(Strict):
    key: SecretStr | None = None  # HMAC key; unset = generated once and kept in the data directory
    store_raw_identifiers: bool = False  # opt in to keep raw MACs/usernames
    rotating_salt: bool = False  # daily-rotating pseudonyms: no returning-visitor figures


class AnalyticsSection(Strict):
    session_gap_minutes: int = Field(10, ge=1, le=240)  # G
    visitor_min_minutes: int = Field(5, ge=0, le=240)  # M
    returning_window_days: int = Field(30, ge=1, le=365)


class RetentionSection(Strict):
    device_days: int = Field(395, ge=1)  # per-device data (sessions, portal events)
    raw_samples_days: int = Field(90, ge=1)  # per-poll samples
    rollup_days: int = Field(1830, ge=30)  # hourly/daily aggregates


class EmailChannel(Strict):
    name: str
    type: Literal["email"]
    host: str
    port: int = Field(587, ge=1, le=65535)
    security: Literal["starttls", "tls", "none"] = "starttls"
    username: str | None = None
    password: SecretStr | None = None
    sender: str
    recipients: list[str] = Field(min_length=1)
    language: Literal["id", "en"] | None = None


class TelegramChannel(Strict):
    name: str
    type: Literal["telegram"]
    bot_token: SecretStr
    chat_id: str
    api_base: str = "https://api.telegram.org"
    language: Literal["id", "en"] | None = None


class WebhookChannel(Strict):
    name: str
    type: Literal["webhook"]
    url: str
    secret: SecretStr | None = None  # HMAC-SHA256 signature header when set
    language: Literal["id", "en"] | None = None


CHANNEL_TYPES = ("email", "telegram", "webhook")  # union tags, left out of error paths
Channel = Annotated[EmailChannel | TelegramChannel | WebhookChannel, Field(discriminator="type")]


class AlertRule(Strict):
    name: str
    match_sites: list[str] = []  # empty = all sites
    match_groups: list[str] = []  # AP groups
    down_after_failures: int | None = Field(None, ge=1)
    up_after_successes: int | None = Field(None, ge=1)
    high_load_clients: int | None = Field(None, ge=1)
    high_load_minutes: int = Field(15, ge=1)
    notify_outside_hours: bool = False  # False: wait for opening
    channels: list[str] = []  # empty = all channels
    enabled: bool = True


class AlertsSection(Strict):
    down_after_failures: int = Field(3, ge=1)
    up_after_successes: int = Field(2, ge=1)
    icmp: bool = False
    flap_transitions: int = Field(4, ge=2)
    flap_window_minutes: int = Field(30, ge=1)
    renotify_initial_minutes: int = Field(60, ge=1)
    renotify_max_hours: int = Field(24, ge=1)
    portal_silent_minutes: int = Field(60, ge=1)
    daily_digest: str | None = None  # "07:30" local time, or unset
    rules: list[AlertRule] = []
    channels: list[Channel] = []

    @model_validator(mode="after")
    def _channel_refs(self) -> "AlertsSection":
        names = {c.name for c in self.channels}
        for i, r in enumerate(self.rules):
            for c in r.channels:
                if c not in names:
                    raise ValueError(f"rules[{i}].channels: unknown channel {c!r}")
        return self


class ReportsSection(Strict):
    enabled: bool = True
    day_of_month: int = Field(1, ge=1, le=28)
    time: str = Field("07:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    languages: list[Literal["id", "en"]] = ["id"]
    formats: list[Literal["pdf", "xlsx", "csv"]] = ["pdf", "xlsx"]
    recipients: list[str] = []
    channel: str | None = None  # an e-mail channel of alerts.channels used to send
    output_dir: str = ".kunang/reports"


class DashboardUser(Strict):
    username: str = Field(min_length=1)
    password_hash: SecretStr  # `kunang dashboard hash-password`
    role: Literal["admin", "viewer"] = "viewer"
    language: Literal["id", "en"] | None = None


class DashboardSection(Strict):
    address: str = "127.0.0.1"
    port: int = Field(8050, ge=1, le=65535)
    language: Literal["id", "en"] = "id"
    secret_key: SecretStr | None = None  # session cookie key; unset = generated and kept in the data directory
    secure_cookies: bool = False  # set true behind the TLS reverse proxy
    users: list[DashboardUser] = []


class Config(Strict):
    name: str = "Kunang"  # the organisation, shown on reports
    language: Literal["id", "en"] = "id"
    database: DatabaseSection = DatabaseSection()
    privacy: PrivacySection = PrivacySection()
    analytics: AnalyticsSection = AnalyticsSection()
    retention: RetentionSection = RetentionSection()
    snmp: SnmpSection = SnmpSection()
    sites: list[Site] = []
    portal: PortalSection = PortalSection()
    alerts: AlertsSection = AlertsSection()
    reports: ReportsSection = ReportsSection()
    dashboard: DashboardSection = DashboardSection()

    @model_validator(mode="after")
    def _cross(self) -> "Config":
        problems = []
        names = [s.name for s in self.sites]
        for n in sorted({n for n in names if names.count(n) > 1}):
            problems.append(f"sites: site name {n!r} is used twice")
        for i, s in enumerate(self.sites):
            for j, ap in enumerate(s.aps):
                if isinstance(ap.snmp, str) and ap.snmp not in self.snmp.credentials:
                    problems.append(f"sites[{i}].aps[{j}].snmp: unknown credentials {ap.snmp!r}")
                if ap.snmp is None and not self.snmp.default:
                    problems.append(f"sites[{i}].aps[{j}].snmp: no credentials and no snmp.default")
        if self.snmp.default and self.snmp.default not in self.snmp.credentials:
            problems.append(f"snmp.default: unknown credentials {self.snmp.default!r}")
        for i, src in enumerate(self.portal.sources):
            if src.site not in names:
                problems.append(f"portal.sources[{i}].site: unknown site {src.site!r}")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def credentials_for(self, ap: AccessPoint) -> SnmpCredentials:
        if isinstance(ap.snmp, SnmpCredentials):
            return ap.snmp
        return self.snmp.credentials[ap.snmp or self.snmp.default]

    def site(self, name: str) -> Site:
        for s in self.sites:
            if s.name == name:
                return s
        raise KeyError(name)


# --------------------------------------------------------------------------- loading


class ConfigProblems(ConfigError):
    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem(s)\n" + "\n".join(f"  {p}" for p in problems))


def _fmt_loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after[_check()]",) or str(part).startswith(("function-", "tagged-union")):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def _fmt_error(err: dict) -> list[str]:
    # drop union branch names such as "SnmpCredentials" or "str" from locations
    loc = tuple(
        p for p in err["loc"]
        if not (isinstance(p, str) and (p[:1].isupper() or p in ("str", "date", "none", *CHANNEL_TYPES)))
    )
    where = _fmt_loc(loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        msg = "unknown key"
    elif kind == "missing":
        msg = "required"
    elif kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        msg = "must be one of " + expected.replace("'", "").replace(" or ", ", ")
    elif kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        where = f"{where}.{ctx.get('discriminator', 'type').strip(chr(39))}"
        msg = "must be one of " + str(ctx.get("expected_tags", "")).replace("'", "")
    elif kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
    else:
        msg = err["msg"][0].lower() + err["msg"][1:]
    lines = msg.split("\n")
    out = []
    for line in lines:
        if re.match(r"^[a-z_]+(\[\d+\])?[.:\[]", line) and ":" in line:
            sub, rest = line.split(":", 1)
            # a model-level check that names a sub-field itself
            out.append(f"{where + '.' if where else ''}{sub}:{rest}")
        else:
            out.append(f"{where or '(top level)'}: {line}")
    return out


def expand_env(node: Any, path: str = "", problems: list[str] | None = None, placeholder: bool = False) -> Any:
    """Replace `${VAR}` in every string; missing variables are problems naming the field.

    With `placeholder`, a missing variable becomes a non-empty stand-in (for
    `check-config` on a machine that does not hold the production secrets).
    """
    if problems is None:
        problems = []
    if isinstance(node, dict):
        return {k: expand_env(v, f"{path}.{k}" if path else str(k), problems, placeholder) for k, v in node.items()}
    if isinstance(node, list):
        return [expand_env(v, f"{path}[{i}]", problems, placeholder) for i, v in enumerate(node)]
    if isinstance(node, str) and "${" in node:
        def sub(m: re.Match) -> str:
            val = os.environ.get(m.group(1))
            if val is None:
                problems.append(f"{path}: environment variable {m.group(1)} is not set")
                return f"unset-{m.group(1)}" if placeholder else ""
            return val
        return ENV_REF.sub(sub, node)
    return node


SECRET_KEYS = {"community", "auth_key", "priv_key", "password", "bot_token", "secret", "key", "dsn", "secret_key", "password_hash"}


def _literal_secrets(node: Any) -> bool:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in SECRET_KEYS and isinstance(v, (str, int)) and v != "" and not (isinstance(v, str) and ENV_REF.fullmatch(v.strip())):
                return True
            if _literal_secrets(v):
                return True
    elif isinstance(node, list):
        return any(_literal_secrets(v) for v in node)
    return False


def resolve_path(path: str | os.PathLike | None) -> Path | None:
    if path:
        return Path(path)
    env = os.environ.get("KUNANG_CONFIG")
    if env:
        return Path(env)
    if Path(DEFAULT_FILE).exists():
        return Path(DEFAULT_FILE)
    return None


def parse_config(raw: Any, source: str = "<config>", unset_env: list[str] | None = None) -> Config:
    """Validate a parsed YAML document.

    Unset `${VAR}` references are errors, unless `unset_env` is a list: then
    they are collected there (as warnings) and validation goes on.
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigProblems(source, ["(top level): must be a mapping of sections"])
    env_problems: list[str] = []
    expanded = expand_env(raw, problems=env_problems, placeholder=unset_env is not None)
    problems = [] if unset_env is not None else list(env_problems)
    if unset_env is not None:
        unset_env.extend(env_problems)
    try:
        cfg = Config.model_validate(expanded)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.extend(_fmt_error(err))
        raise ConfigProblems(source, problems) from None
    if problems:
        raise ConfigProblems(source, problems)
    return cfg


def load_config(
    path: str | os.PathLike | None = None, *, required: bool = False, unset_env: list[str] | None = None
) -> Config:
    """Load and validate the configuration; with no file found, defaults (unless required)."""
    p = resolve_path(path)
    if p is None:
        if required:
            raise ConfigError(f"no configuration file: pass --config, set KUNANG_CONFIG or create ./{DEFAULT_FILE}")
        return Config()
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read configuration file ({exc})") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigProblems(str(p), [f"(yaml){where}: {reason}"]) from None
    cfg = parse_config(raw, str(p), unset_env)
    try:
        mode = p.stat().st_mode
        if mode & stat.S_IROTH and _literal_secrets(raw):
            warnings.warn(
                f"{p} holds secrets and is readable by every user on this machine; run: chmod 600 {p}",
                stacklevel=2,
            )
    except OSError:
        pass
    return cfg
