-- params: time, collector, devices, ok, failed, duration_ms
INSERT INTO poll_round (time, collector, devices, ok, failed, duration_ms) VALUES (%s, %s, %s, %s, %s, %s)
ON CONFLICT DO NOTHING;
