-- Silence what an alert is about (same site, AP and kind) for a while (admin action of the dashboard).
INSERT INTO alert_silence (created_by, starts_at, ends_at, site_id, ap_id, kind, maintenance, reason)
SELECT %(user)s, now(), now() + make_interval(hours => %(hours)s), a.site_id, a.ap_id, a.kind, false, %(reason)s
FROM alert a
WHERE a.id = %(id)s
