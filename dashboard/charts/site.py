"""The site page's charts: occupancy, busiest hours, visitors, dwell, use per AP and SSID, portal logins."""

from __future__ import annotations

import pandas as pd

from dashboard import analytics as A
from dashboard import fmt, runtime
from dashboard.charts.registry import call, frame, local_times, renamed, site_chart
from dashboard.figures import occupancy, usage
from dashboard.i18n import t
from dashboard.limits import day_limit_kinds, day_limits  # noqa: F401  (the daily table's column; tests import it here)


HOURLY_UP_TO_DAYS = 31  # longer ranges are drawn per day: 8,760 hourly points a year are slow and unreadable


@site_chart("site.occupancy", "site.occupancy")
def _site_occupancy(site, start, end, lang):
    if (end - start).days + 1 > HOURLY_UP_TO_DAYS:
        df = frame(call(A.occupancy, int(site["site_id"]), start, end, by="day"))
        csv = renamed(df, lang, {"day": "col.day", "clients_avg": "col.clients_avg_day",
                                 "clients_max": "col.clients_peak_day"})
        return occupancy.per_day(df, lang), csv
    df = frame(call(A.occupancy, int(site["site_id"]), start, end, by="hour"))
    csv = df.assign(bucket=local_times(df["bucket"], site["timezone"])) if not df.empty else df
    csv = renamed(csv, lang, {"bucket": "col.time", "clients_avg": "col.clients_avg", "clients_max": "col.clients_peak"})
    return occupancy.over_time(df, lang, site["timezone"]), csv


@site_chart("site.heatmap", "site.heatmap")
def _site_heatmap(site, start, end, lang):
    df = frame(call(A.busiest_hours, int(site["site_id"]), start, end))
    names = fmt.weekday_names(lang)
    csv = df.assign(weekday=[names[int(w)] for w in df["weekday"]]) if not df.empty else df
    csv = renamed(csv, lang, {"weekday": "col.weekday", "hour": "col.hour", "clients_avg": "col.clients_avg",
                              "clients_max": "col.clients_peak"})
    return occupancy.weekday_hour(df, lang), csv


def visitors_daily(site: dict, start, end) -> pd.DataFrame:
    """Days before monitoring of the site began are left out (not monitored is not zero visitors)."""
    rows = call(A.visitors_daily, int(site["site_id"]), start, end,
                rotating_salt=runtime.settings().rotating_salt or None)
    began = call(A.monitoring_began, int(site["site_id"]))
    return frame([r for r in rows if began is not None and r["day"] >= began])


@site_chart("site.visitors", "site.visitors")
def _site_visitors(site, start, end, lang):
    df = visitors_daily(site, start, end)
    returning = bool(df.empty or df["returning_computed"].all())
    cols = {"day": "col.day", "visitors": "col.visitors"}
    if returning:
        cols |= {"new_visitors": "col.new", "returning_visitors": "col.returning"}
    cols |= {"sessions": "col.sessions", "persons_est": "col.persons", "limits": "col.limits"}
    if not df.empty:
        recs = df.to_dict("records")
        kinds = [day_limit_kinds(r) for r in recs]
        df = df.assign(limits=[day_limits(r, lang) for r in recs], limit_blind=[k[0] for k in kinds],
                       limit_not_yet=[k[1] for k in kinds])
    return usage.visitors_daily(df, lang, returning=returning), renamed(df, lang, cols)


@site_chart("site.dwell", "site.dwell")
def _site_dwell(site, start, end, lang):
    dist = call(A.dwell_distribution, int(site["site_id"]), start, end)
    return usage.dwell(dist, lang), usage.dwell_table(dist, lang)


@site_chart("site.usage_ap", "site.usage_ap")
def _site_usage_ap(site, start, end, lang):
    df = frame(call(A.usage_bytes, int(site["site_id"]), start, end, by="ap"))
    if not df.empty:
        df = df[~df["is_controller"].astype(bool)]
    csv = renamed(df, lang, {"ap_name": "col.ap", "bytes": "col.bytes", "sessions": "col.sessions",
                             "clients_max": "col.clients_peak"})
    return usage.horizontal(df, "ap_name", "bytes", lang, kind="bytes"), csv


@site_chart("site.usage_ssid", "site.usage_ssid")
def _site_usage_ssid(site, start, end, lang):
    df = frame(call(A.usage_bytes, int(site["site_id"]), start, end, by="ssid"))
    if not df.empty:
        df = df.assign(ssid=df["ssid"].fillna(t("usage.portal_only", lang)))
    csv = renamed(df, lang, {"ssid": "col.ssid", "bytes": "col.bytes", "sessions": "col.sessions"})
    return usage.horizontal(df, "ssid", "bytes", lang, kind="bytes"), csv


@site_chart("site.portal", "site.portal")
def _site_portal(site, start, end, lang):
    df = frame(call(A.portal_vs_associated, int(site["site_id"]), start, end))
    csv = renamed(df, lang, {"day": "col.day", "associated_devices": "col.associated",
                             "portal_devices": "col.portal_devices", "portal_logins": "col.portal_logins",
                             "portal_users": "col.portal_users"})
    return usage.portal_vs_associated(df, lang), csv
