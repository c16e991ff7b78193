"""The scheduled run: produce a month's reports for every library and the
district roll-up, store them, and e-mail them (once)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from dashboard import analytics
from dashboard.reports import store, texts
from dashboard.reports.builder import Settings, build_report, query
from dashboard.reports.mailer import Attachment, SmtpSettings, build_message, send
from dashboard.periods import Month
from dashboard.reports.render import filename, render

log = logging.getLogger(__name__)

LOCK_ID = 0x6B726570  # "krep": one delivery at a time


@dataclass(frozen=True)
class DeliverySettings:
    languages: tuple[str, ...] = ("id",)
    formats: tuple[str, ...] = ("pdf", "xlsx")
    recipients: tuple[str, ...] = ()
    output_dir: str | None = None
    smtp: SmtpSettings | None = None
    max_attachment_bytes: int = 15_000_000

    @classmethod
    def from_dict(cls, d: dict) -> "DeliverySettings":
        smtp = SmtpSettings.from_dict(d["smtp"]) if d.get("smtp") else None
        return cls(
            languages=tuple(d.get("languages") or ("id",)), formats=tuple(d.get("formats") or ("pdf", "xlsx")),
            recipients=tuple(d.get("recipients") or ()), output_dir=d.get("output_dir"), smtp=smtp,
            max_attachment_bytes=int(d.get("max_attachment_bytes") or 15_000_000),
        )


@dataclass
class Produced:
    id: int
    scope: str
    name: str
    fmt: str
    lang: str
    filename: str
    content: bytes = field(repr=False)


@dataclass
class DeliveryResult:
    produced: list[Produced] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already e-mailed
    emails: int = 0
    recipients: tuple[str, ...] = ()
    refused: list[str] = field(default_factory=list)


def deliver(conn: psycopg.Connection, month: Month, site: str | None, settings: Settings, ds: DeliverySettings,
            *, email: bool = True, force: bool = False, district_only: bool = False,
            now: dt.datetime | None = None) -> DeliveryResult:
    """`site` None = every active library plus the district roll-up (only the roll-up with `district_only`).

    Runs one at a time per database (an advisory lock): a manual run while the scheduled one is busy waits,
    then finds the reports already e-mailed and sends nothing twice.
    """
    conn.execute(query("delivery_lock"), (LOCK_ID,))
    try:
        return _deliver(conn, month, site, settings, ds, email=email, force=force, district_only=district_only,
                        now=now)
    finally:
        try:
            conn.execute(query("delivery_unlock"), (LOCK_ID,))
        except psycopg.Error:  # a failed transaction: the lock goes with the session
            pass


def _deliver(conn, month, site, settings, ds, *, email, force, district_only, now) -> DeliveryResult:
    now = now or dt.datetime.now(dt.timezone.utc)
    email = email and ds.smtp is not None and bool(ds.recipients)
    if site:
        names = [site]
    elif district_only:
        names = [None]
    else:
        names = [s["name"] for s in analytics.sites(conn) if s["active"]] + [None]
    done = {(r.scope, r.name, r.format, r.language) for r in store.list_reports(conn, month)
            if r.emailed_at is not None or not email}
    result = DeliveryResult(recipients=ds.recipients if email else ())
    for name in names:
        scope = "site" if name else "district"
        label = name or settings.organisation
        wanted = [(f, lang) for lang in ds.languages for f in ds.formats
                  if force or (scope, label, f, lang) not in done]
        if not wanted:
            result.skipped.append(label)
            continue
        model = build_report(conn, month, name, settings, now=now)
        site_id = conn.execute(query("site_id"), (name,)).fetchone()[0] if name else None
        for fmt, lang in wanted:
            content = render(model, fmt, lang)
            fname = filename(model, fmt, lang)
            path = None
            if ds.output_dir:
                out = Path(ds.output_dir) / str(month)
                out.mkdir(parents=True, exist_ok=True)
                (out / fname).write_bytes(content)
                path = str(out / fname)
            rid, _ = store.save_report(conn, month=month, scope=scope, site_id=site_id, name=label, fmt=fmt,
                                       lang=lang, filename=fname, content=content, path=path)
            result.produced.append(Produced(rid, scope, label, fmt, lang, fname, content))
            log.info("report %s (%d bytes)", fname, len(content))
    if email and result.produced:
        _email(conn, month, settings, ds, result, now)
    return result


def _email(conn, month: Month, settings: Settings, ds: DeliverySettings, result: DeliveryResult,
           now: dt.datetime) -> None:
    by_lang: dict[str, list[Produced]] = defaultdict(list)
    for p in result.produced:
        by_lang[p.lang].append(p)
    for lang, items in by_lang.items():
        # district first, then libraries' PDFs, then the rest, while under the size cap
        items.sort(key=lambda p: (p.scope != "district", p.fmt != "pdf", p.name, p.fmt))
        attached, listed, size = [], [], 0
        for p in items:
            if size + len(p.content) <= ds.max_attachment_bytes:
                attached.append(p)
                size += len(p.content)
            else:
                listed.append(p)
        lines = [f"- {p.filename}" for p in attached]
        if listed:
            lines.append(texts.t("mail_not_attached", lang, v=", ".join(p.filename for p in listed)))
        period = texts.month_name(month, lang)
        who = items[0].name if len({p.name for p in items}) == 1 else settings.organisation
        msg = build_message(
            ds.smtp.sender, list(ds.recipients), texts.t("mail_subject", lang, period=period, name=who),
            texts.t("mail_body", lang, period=period, lines="\n".join(lines)),
            [Attachment(p.filename, p.fmt, p.content) for p in attached],
        )
        refused = send(ds.smtp, msg, list(ds.recipients))
        result.refused += sorted(refused)
        store.mark_emailed(conn, [p.id for p in items], [r for r in ds.recipients if r not in refused], now)
        result.emails += 1
        log.info("e-mailed %d report(s) in %s to %d recipient(s)", len(attached), lang, len(ds.recipients))
