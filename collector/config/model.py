"""The sections of `kunang.yaml` and the whole `Config`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, model_validator

from collector.config.cross import cross_problems
from collector.config.edge import EdgeSection, IngestSection
from collector.config.sensors import SensorConfig
from collector.config.sites import DEFAULT_HOURS, AccessPoint, Site, SnmpCredentials  # noqa: F401
from collector.config.types import SecretStr, Strict, TimeZone

# --------------------------------------------------------------------------- sections


class SnmpSection(Strict):
    credentials: dict[str, SnmpCredentials] = {}
    default: str | None = None  # name of the credentials used where an AP names none
    poll_interval_s: int = Field(60, ge=10, le=3600)
    concurrency: int = Field(64, ge=1, le=2000)
    # the one up/down rule (collector/status.py) of the dashboard, the reports and the alerts
    down_after_failures: int = Field(3, ge=1, le=100)
    up_after_successes: int = Field(2, ge=1, le=100)
    profile_dirs: list[str] = []  # operator's profile folders, searched before the shipped profiles


class PortalSource(Strict):
    name: str = Field(min_length=1)
    site: str
    kind: Literal["syslog", "file"]
    format: Literal["auto", "mikrotik", "coova", "opennds", "nodogsplash", "pfsense", "opnsense", "radius-detail",
                    "radius-log", "dnsmasq"] = "auto"
    path: str | None = None  # kind=file
    peers: list[str] = []  # kind=syslog: sender addresses mapped to this site
    # zone of time stamps without one (RFC 3164 lines); default: the site's (a relay writing UTC: "UTC")
    timezone: str | None = None

    @model_validator(mode="after")
    def _check(self) -> "PortalSource":
        if self.kind == "file" and not self.path:
            raise ValueError("path is required for a file source")
        if self.kind == "syslog" and not self.peers:
            raise ValueError("peers (sender addresses) are required for a syslog source")
        if self.timezone is not None:
            from zoneinfo import ZoneInfo

            try:
                ZoneInfo(self.timezone)
            except (ValueError, KeyError, OSError):
                raise ValueError(f"timezone: unknown time zone {self.timezone!r}") from None
        return self


class SyslogListener(Strict):
    enabled: bool = True
    address: str = "127.0.0.1"
    port: int = Field(5514, ge=1, le=65535)
    tcp: bool = True
    max_message_bytes: int = Field(8192, ge=480, le=1_048_576)
    # the UDP socket's kernel receive buffer: a burst waits here while the collector is busy
    # (8 MiB holds ~5,000+ lines; raised past net.core.rmem_max when running as root)
    receive_buffer_bytes: int = Field(8 << 20, ge=65536, le=1 << 30)


class PortalSection(Strict):
    syslog: SyslogListener = SyslogListener()
    sources: list[PortalSource] = []
    session_timeout_minutes: int = Field(720, ge=5)


class InlisliteSite(Strict):
    """Which INLISLite locations make up one Kunang site: whole libraries
    (`location_library.Code`) and/or single locations (`locations.Code`); an
    integer matches the table's ID instead."""

    site: str
    libraries: list[str | int] = []
    locations: list[str | int] = []

    @model_validator(mode="after")
    def _check(self) -> "InlisliteSite":
        if not self.libraries and not self.locations:
            raise ValueError("name at least one of libraries or locations")
        return self


class InlisliteSection(Strict):
    """The INLISLite guest book (read only; only hourly aggregates are read)."""

    dsn: SecretStr  # mysql://USER:PASSWORD@HOST:PORT/DATABASE (a read-only user)
    sites: list[InlisliteSite] = Field(min_length=1)
    interval_minutes: int = Field(15, ge=1, le=1440)  # how often the collector pulls
    lookback_days: int = Field(3, ge=1, le=60)  # each pull recomputes this many days (late entries, edits)
    timezone: TimeZone | None = None  # of INLISLite's CreateDate; default: the first mapped site's
    connect_timeout_s: int = Field(10, ge=1, le=120)


class SpoolSection(Strict):
    """The local spool: what was accepted (syslog lines, tailed lines, poll results) waits
    here until the database has stored it."""

    dir: str | None = None  # default: "spool" next to database.data_dir
    max_mb: int = Field(1024, ge=1, le=1_048_576)  # when full, the oldest is dropped (and counted)


class DatabaseSection(Strict):
    dsn: SecretStr | None = None  # external server; unset = embedded PostgreSQL
    data_dir: str = ".kunang/pgdata"  # embedded server's data directory
    pool_size: int = Field(5, ge=1, le=100)
    timescaledb: Literal["auto", "off"] = "auto"
    statement_timeout_s: int = Field(60, ge=1)
    compress_after_days: int = Field(2, ge=1)  # TimescaleDB: compress raw samples older than this


class PrivacySection(Strict):
    key: SecretStr | None = None  # HMAC key; unset = generated once and kept in the data directory
    store_raw_identifiers: bool = False  # opt in to keep raw MACs/usernames
    rotating_salt: bool = False  # daily-rotating pseudonyms: no returning-visitor figures


class AnalyticsSection(Strict):
    session_gap_minutes: int = Field(10, ge=1, le=240)  # G
    visitor_min_minutes: int = Field(5, ge=0, le=240)  # M
    returning_window_days: int = Field(30, ge=1, le=365)
    # a village's data received this long after its time is "backfilled" (district page, reports)
    late_after_minutes: int = Field(60, ge=1, le=10080)


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


MOVED = {"down_after_failures": "snmp.down_after_failures", "up_after_successes": "snmp.up_after_successes"}


def _moved(data, where: str):
    """The settings that decide up/down have one home (snmp.*): say so instead of "extra field"."""
    if isinstance(data, dict):
        for key, home in MOVED.items():
            if key in data:
                raise ValueError(f"{where}{key}: moved to {home} (one setting decides when an access point is "
                                 "down, for the dashboard, the reports and the alerts alike)")
    return data


class AlertRule(Strict):
    name: str
    match_sites: list[str] = []  # empty = all sites
    match_groups: list[str] = []  # AP groups
    high_load_clients: int | None = Field(None, ge=1)
    high_load_minutes: int = Field(15, ge=1)
    notify_outside_hours: bool = False  # False: wait for opening
    channels: list[str] = []  # empty = all channels
    enabled: bool = True

    @model_validator(mode="before")
    @classmethod
    def _no_status_settings(cls, data):
        return _moved(data, "")


class AlertsSection(Strict):
    icmp: bool = False
    flap_transitions: int = Field(4, ge=2)
    flap_window_minutes: int = Field(30, ge=1)
    renotify_initial_minutes: int = Field(60, ge=1)
    renotify_max_hours: int = Field(24, ge=1)
    portal_silent_minutes: int = Field(60, ge=1)
    village_silent_hours: int = Field(6, ge=1, le=720)  # a village (edge) that has not reported: one site alert
    daily_digest: str | None = None  # "07:30" local time, or unset
    rules: list[AlertRule] = []
    channels: list[Channel] = []

    # snmp.down_after_failures / snmp.up_after_successes, set by Config: the alerts decide with the same rule
    _status: tuple[int, int] = PrivateAttr((3, 2))

    @property
    def down_after_failures(self) -> int:
        return self._status[0]

    @property
    def up_after_successes(self) -> int:
        return self._status[1]

    @model_validator(mode="before")
    @classmethod
    def _no_status_settings(cls, data):
        return _moved(data, "")


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
    trusted_proxy: str | None = None  # address of that proxy: its X-Forwarded-For/-Proto are trusted
    users: list[DashboardUser] = []


class Config(Strict):
    name: str = "Kunang"  # the organisation, shown on reports
    language: Literal["id", "en"] = "id"
    database: DatabaseSection = DatabaseSection()
    spool: SpoolSection = SpoolSection()
    privacy: PrivacySection = PrivacySection()
    analytics: AnalyticsSection = AnalyticsSection()
    retention: RetentionSection = RetentionSection()
    snmp: SnmpSection = SnmpSection()
    sites: list[Site] = []
    portal: PortalSection = PortalSection()
    alerts: AlertsSection = AlertsSection()
    reports: ReportsSection = ReportsSection()
    dashboard: DashboardSection = DashboardSection()
    inlislite: InlisliteSection | None = None
    edge: EdgeSection | None = None  # `kunang edge` (a village)
    ingest: IngestSection | None = None  # `kunang ingest` (the district)
    sensors: list[SensorConfig] = []  # passive sensing (collector/sensing/, docs/sensing.md)

    @model_validator(mode="after")
    def _cross(self) -> "Config":
        self.alerts._status = (self.snmp.down_after_failures, self.snmp.up_after_successes)
        problems = cross_problems(self.model_dump())
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


