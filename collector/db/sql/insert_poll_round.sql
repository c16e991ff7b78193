-- params: time, collector, devices, ok, failed, duration_ms, skipped
INSERT INTO poll_round (time, collector, devices, ok, failed, duration_ms, skipped) VALUES (%s, %s, %s, %s, %s, %s, %s)
ON CONFLICT DO NOTHING;
