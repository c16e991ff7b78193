"""Small helpers shared by alert tests (no fakes: they drive the real manager)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from collector.alerts.manager import AlertManager, PollOutcome


def manager(pg_dsn, cfg, clock, **kw) -> AlertManager:
    kw.setdefault("watch_rounds", False)  # these tests record no poll rounds
    return AlertManager(pg_dsn, cfg, clock=clock, icmp=None, **kw)


def poll_round(mgr, clock, refs, up: dict[str, bool], clients: dict[str, int] | None = None,
               step_s: int = 60) -> dt.datetime:
    """Advance the clock one poll interval, feed one outcome per named AP, then tick."""
    t = clock.advance(seconds=step_s)
    outcomes = []
    for (site, name), ref in refs.items():
        if name in up:
            outcomes.append(PollOutcome(ref.ap_id, t, up[name], (clients or {}).get(name, 3) if up[name] else None))
    mgr.process(outcomes, now=t)
    mgr.tick(t)
    return t


def counts(sink) -> dict[str, int]:
    http = sink["http"]
    return {"mail": len(sink["smtp"].messages), "tg": len(http.on("/sendMessage")), "hook": len(http.on("/hook"))}


def check_signature(request: dict, secret: str) -> bool:
    want = "sha256=" + hmac.new(secret.encode(), request["raw"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(request["headers"].get("X-Kunang-Signature-256", ""), want)
