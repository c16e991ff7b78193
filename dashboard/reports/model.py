"""The report model: everything a renderer needs, already computed (no I/O).

Renderers (PDF, XLSX, CSV) only lay this out; the builder fills it from the
analytics query layer, so the report shows the dashboard's numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from dashboard.periods import Month

Unit = Literal["count", "share", "minutes", "bytes", "pct", "date", "hour"]

@dataclass(frozen=True)
class Figure:
    """One headline figure with its comparisons (None = no data for that period)."""

    key: str
    unit: Unit
    value: float | int | dt.date | None
    previous: float | int | dt.date | None = None  # previous month
    last_year: float | int | dt.date | None = None  # same month last year
    estimate: bool = False  # lower/upper bound because of randomised MACs; persons: always an estimate
    incomplete: bool = False  # computed over incomplete data (coverage below threshold)
    # "not_yet" (no look-back window yet), "range:LOW:HIGH" (an estimate's range) or "form:dhcp" / "form:point"
    # (the sessions estimate's range collapsed: counted with the DHCP log / no range; analytics.sessions_est_form)
    note: str | None = None
    limited: bool = False  # a blind AP or a short history limits it on some day of the month (‡, the notes say which)

    @property
    def comparable(self) -> bool:
        return self.unit not in ("date", "hour")

    @staticmethod
    def change(value, other) -> float | None:
        """Relative change value/other - 1 (None when not computable)."""
        if value is None or other is None or isinstance(value, dt.date) or not other:
            return None
        return value / other - 1


@dataclass(frozen=True)
class DailyRow:
    day: dt.date
    visitors: int | None  # None: not monitored that day (before monitoring began, or still to come)
    sessions: int | None
    total_bytes: int | None
    coverage_pct: float | None = None  # polls received / expected in opening hours

    @property
    def monitored(self) -> bool:
        return self.visitors is not None


@dataclass(frozen=True)
class ApRow:
    """One AP of the per-AP table; `sessions`/`total_bytes` None where the data cannot support a figure (an AP
    that reports only how many clients it has, not which). `unassigned`: the row of a site's sessions and data
    no AP can be credited with (portal-only sessions, count-only APs), so that the rows add up to the site."""

    site: str
    ap: str
    sessions: int | None
    peak_clients: int | None
    total_bytes: int | None
    availability_pct: float | None
    outages: int | None
    downtime_minutes: float | None
    unassigned: bool = False

    @property
    def counts_only(self) -> bool:
        return not self.unassigned and self.sessions is None


@dataclass(frozen=True)
class SiteRow:
    """District roll-up: one line per library."""

    site: str
    sessions: int
    visitors: int
    total_bytes: int
    availability_pct: float | None
    coverage_pct: float | None


@dataclass(frozen=True)
class PortalRow:
    day: dt.date
    logins: int  # successful portal logins
    portal_users: int  # distinct authenticated users (pseudonyms)
    associated_devices: int  # distinct devices associated (SNMP presence)
    portal_only: int = 0  # devices that logged in but were never seen associated


@dataclass(frozen=True)
class AlertRow:
    site: str
    ap: str
    outages: int
    downtime_minutes: float
    longest_minutes: float


@dataclass(frozen=True)
class Quality:
    coverage_pct: float | None  # polls received / expected during opening hours, month
    randomized_share: float | None  # share of visitors' devices with a randomised MAC
    incomplete_days: list[dt.date] = field(default_factory=list)  # days below the coverage threshold
    unmonitored_days: list[dt.date] = field(default_factory=list)  # before monitoring began, or still to come
    rotating_salt: bool = False  # daily pseudonyms: no returning figures
    estimate_keys: tuple[str, ...] = ()  # headline keys marked as estimates
    sources: tuple[str, ...] = ("snmp",)  # data sources present: snmp, portal
    blind_aps: tuple[str, ...] = ()  # APs whose profile gives no client rows (blind spots)
    blind_days: list[dt.date] = field(default_factory=list)  # client-level figures incomplete (blind APs)
    short_history_days: list[dt.date] = field(default_factory=list)  # returning share: not yet (no window)
    # district: (library, its blind-AP days, its days without the returning window), so each site-day is named
    site_days: tuple[tuple[str, tuple[dt.date, ...], tuple[dt.date, ...]], ...] = ()
    returning_window: int = 30
    dwell_resolution_s: int | None = None  # poll interval of the SNMP-only dwell times (± 1 poll)
    persons: tuple[int, int, int] | None = None  # estimated person-visits: (estimate, low, high)
    sessions_est: int | None = None  # sessions with the estimate of the visits no source saw
    sessions_range: tuple[int, int] | None = None  # its range (± 2 SE, low end less split stays; None: no estimate)
    dhcp_days: tuple[tuple[str, int], ...] = ()  # (library, days of the month whose estimate used its DHCP log)
    dwell_est: tuple[float, float] | None = None  # a library's median dwell (s): (blind-AP estimate, measured)
    backfilled: tuple[tuple[str, int], ...] = ()  # (village, records) of the month that arrived late


@dataclass(frozen=True)
class ReportModel:
    organisation: str
    scope: Literal["site", "district"]
    name: str  # the library's name, or the district's (organisation) name
    month: Month
    sites: list[str]
    timezone: str
    headline: list[Figure]
    daily: list[DailyRow]
    heatmap: list[list[float | None]]  # [weekday 0=Mon][hour 0..23] average connected clients
    aps: list[ApRow]
    site_rows: list[SiteRow]  # district scope only (empty for a site)
    portal: list[PortalRow]
    alerts: list[AlertRow]
    quality: Quality
    generated_at: dt.datetime
    settings: dict = field(default_factory=dict)  # G, M, returning window: shown in the definitions
    library: Any = None  # reports.library.LibraryVisits: guest-book visits beside Wi-Fi, when there are any
    footfall: Any = None  # reports.footfall.Footfall: sensed passers-by/visitors/connected, where a sensor exists

    def figure(self, key: str) -> Figure:
        for f in self.headline:
            if f.key == key:
                return f
        raise KeyError(key)
