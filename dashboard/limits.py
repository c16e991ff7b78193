"""What limits a client-level figure, in words, where the dashboard shows it (issue 22, docs/metrics.md).

Pure text functions (no page, no app): the site page's daily table says it per day, the district view per
site for the month. A blind AP (`incomplete_clients` with `blind_aps`) limits sessions, dwell and visitors;
a day without the returning look-back window of history limits the returning share ("not yet"); the
median dwell says its resolution and, where blind-AP days carry an estimate, shows it as one.
"""

from __future__ import annotations

from dashboard import fmt
from dashboard.analytics.summary import sessions_est_form
from dashboard.i18n import t


def day_limit_kinds(r: dict) -> tuple[bool, bool]:
    """(a blind AP limits the day's sessions/dwell/visitors, the returning share has no window yet) (pure)."""
    blind = bool(r.get("incomplete_clients") and r.get("blind_aps") is not None and len(r["blind_aps"]))
    return blind, bool(r.get("returning_not_yet") and r.get("returning_computed") and r.get("visitors"))


def day_limits(r: dict, lang: str) -> str:
    """What limits a day's client-level figures (empty: nothing): blind APs, no look-back window."""
    out = []
    blind, not_yet = day_limit_kinds(r)
    if blind:
        out.append(t("limits.blind", lang, aps=", ".join(r["blind_aps"])))
    if not_yet:
        out.append(t("limits.not_yet", lang))
    return "; ".join(out)


def district_limits(r: dict, lang: str) -> str:
    """What limits a site's client-level figures over the month (empty: nothing): its blind APs with the
    days they made incomplete, the days without the returning look-back window."""
    out = []
    if r.get("blind_aps") and r.get("client_incomplete_days"):
        out.append(t("limits.blind_days", lang, aps=", ".join(r["blind_aps"]),
                     n=fmt.num(r["client_incomplete_days"], lang)))
    if r.get("returning_computed", True) and r.get("short_history_days") and r.get("visitor_days"):
        out.append(t("limits.not_yet_days", lang, n=fmt.num(r["short_history_days"], lang)))
    return "; ".join(out)


def sessions_est_text(fig: dict, lang: str) -> str:
    """The sessions estimate of a range or month with blind APs, with its range ("≈ 1,320 (range 1,270–1,370)",
    docs/metrics.md "The unseen-visit estimate's sampling error" and "... counting error"), or where the range
    collapsed what it is instead
    ("counted with the DHCP log"; the rule: analytics.sessions_est_form); where a blind AP limits the sessions
    but no day could be estimated, that the count is a lower bound; empty where nothing limits them."""
    form = sessions_est_form(fig)
    if form is not None:
        return t(f"limits.sessions_{'est' if form == 'range' else form}", lang, est=fmt.num(fig["sessions_est"], lang),
                 low=fmt.num(fig["sessions_est_low"], lang), high=fmt.num(fig["sessions_est_high"], lang))
    if fig.get("blind_aps") and fig.get("client_incomplete_days"):
        return t("limits.sessions_lower", lang)
    return ""


def returning_sub(fig: dict, lang: str) -> str:
    """The line under the returning share: its range, "≈ 52 % (range 44–60 %)" (± 2 standard errors of the
    sample of persons with a stable MAC, docs/metrics.md "The returning share's sampling error"); empty
    without one."""
    if not fig.get("returning_computed", True) or fig.get("returning_not_yet") or fig.get("returning_share_low") is None:
        return ""
    return t("limits.returning_range", lang, est=fmt.pct(fig["returning_share_est"], lang),
             low=fmt.pct(fig["returning_share_low"], lang), high=fmt.pct(fig["returning_share_high"], lang))


def sessions_est_cell(r: dict, lang: str) -> str:
    """A site's sessions with the estimate of what its blind APs hid, in a table cell: "≈ 1,320 (1,270–1,370)",
    or "≈ 1,320 (counted with the DHCP log)" where the range collapsed (analytics.sessions_est_form); "–" where no
    blind AP limits them (the count is the figure)."""
    form = sessions_est_form(r)
    if form == "range":
        return (f"≈ {fmt.num(r['sessions_est'], lang)} ({fmt.num(r['sessions_est_low'], lang)}–"
                f"{fmt.num(r['sessions_est_high'], lang)})")
    if form is not None:
        return f"≈ {fmt.num(r['sessions_est'], lang)} {t(f'limits.cell_{form}', lang)}"
    return sessions_est_text(r, lang) or "–"


def dwell_parts(fig: dict, lang: str) -> tuple[str, str]:
    """The site page's dwell card: (value, the line under it). The value is the median dwell, or where blind-AP
    days carry an estimate "≈ " the estimated median; the line says it is an estimate, the measured value, and
    the resolution ("± 1 poll (1 min)"). Short parts, so that the card's box holds them at any width."""
    measured = fmt.duration(fig.get("dwell_median_s"), lang)
    if fig.get("dwell_median_s") is None:
        return measured, ""
    sub = []
    value = measured
    if fig.get("dwell_median_est_s") is not None:
        value = "≈ " + fmt.duration(fig["dwell_median_est_s"], lang)
        sub.append(t("limits.dwell_est", lang, measured=measured))
    if fig.get("dwell_resolution_s"):
        sub.append(t("site.dwell_resolution", lang, p=fmt.duration(fig["dwell_resolution_s"], lang)))
    return value, " · ".join(sub)


def dwell_text(fig: dict, lang: str) -> str:
    """The median dwell, its resolution, and on a range with blind-AP days the estimate beside the
    measured value (docs/metrics.md, "Dwell on a site-day with a blind AP")."""
    text = fmt.duration(fig.get("dwell_median_s"), lang)
    if fig.get("dwell_median_est_s") is not None and fig.get("dwell_median_s") is not None:
        text = t("site.dwell_est", lang, est=fmt.duration(fig["dwell_median_est_s"], lang), measured=text)
    res = fig.get("dwell_resolution_s")
    if fig.get("dwell_median_s") is None or not res:
        return text
    return f"{text} {t('site.dwell_resolution', lang, p=fmt.duration(res, lang))}"
