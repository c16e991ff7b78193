"""Kunang's analytics query layer, shared by the dashboard and the reports.

SQL lives in `sql/*.sql` and reads the tables kept by the collector's
baseline migration (refreshed by kunang_refresh_analytics,
collector/db/functions/analytics_refresh.sql). No Dash here.
Definitions of every figure: docs/metrics.md.

All functions take an open psycopg 3 connection first. Ranges: `start`/`end`
as local dates (both included) or aware datetimes (half-open). Results are
plain dicts / lists of dicts; `to_frame()` makes a pandas DataFrame.
"""

from dashboard.analytics.context import UnknownSite, get_site, settings, sites
from dashboard.analytics.db import fetch, to_frame
from dashboard.analytics.quality import (
    ap_availability, blind_spots, coverage, coverage_gaps, monitoring_began, outages,
)
from dashboard.analytics.summary import (
    combined_returning, combined_sessions, district_summary, period_figures, returning_range, sessions_est_form,
    sessions_range, site_month_summary,
)
from dashboard.analytics.usage import (
    aps_now, busiest_hours, dwell_distribution, occupancy, occupancy_now, portal_vs_associated, sessions_count,
    unique_visitors, usage_bytes, visitors_daily,
)

__all__ = [
    "UnknownSite", "ap_availability", "combined_returning", "combined_sessions", "aps_now", "blind_spots", "occupancy_now", "busiest_hours", "coverage", "coverage_gaps", "district_summary",
    "dwell_distribution", "fetch", "get_site", "monitoring_began", "occupancy", "outages", "period_figures", "portal_vs_associated",
    "returning_range", "sessions_count", "sessions_est_form", "sessions_range", "settings", "site_month_summary", "sites", "to_frame", "unique_visitors", "usage_bytes",
    "visitors_daily",
]
