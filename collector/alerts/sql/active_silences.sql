SELECT id, starts_at, ends_at, site_id, ap_id, kind FROM alert_silence
WHERE ends_at > %(now)s AND starts_at <= %(now)s
