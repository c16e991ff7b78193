"""Alerts people can trust: detection, noise control, notification, delivery.

Pure parts: `rules` (which rule applies), `tracker` (per-AP hysteresis, flap
and high-load detection), `policy` (when a notification is due), `templates`
(messages in Bahasa Indonesia and English). I/O parts: `queries` (the
statements of `sql/`), `checks` and `planner` (what fires, what is due),
`channels` (e-mail, Telegram, webhook), `dispatch` (retries and the delivery
log), `icmp` (scapy echo), `admin` (`kunang alerts`), and
`manager.AlertManager`, which the collector service drives with
`process(...)` after each poll batch and `tick(now)`.
"""
