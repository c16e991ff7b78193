-- Samples of one batch of polls (collector/db/sample_rows.py); the row tuples follow this column order.
COPY ap_sample (time, ap_id, reachable, partial, clients, controller_up, sys_uptime_ticks, error_kind, duration_ms) FROM STDIN
