"""Alerts people can trust: detection, noise control, notification, delivery.

Pure parts: `rules` (which rule applies), `tracker` (per-AP hysteresis, flap
and high-load detection), `policy` (when a notification is due), `templates`
(messages in Bahasa Indonesia and English). I/O parts: `store` (the database),
`channels` (e-mail, Telegram, webhook), `dispatch` (retries and the delivery
log), `icmp` (scapy echo), and `manager.AlertManager`, which the collector
service drives with `process(...)` after each poll batch and `tick(now)`.
"""

from __future__ import annotations

__all__ = ["AlertManager"]


def __getattr__(name: str):
    if name == "AlertManager":
        from collector.alerts.manager import AlertManager

        return AlertManager
    raise AttributeError(name)
