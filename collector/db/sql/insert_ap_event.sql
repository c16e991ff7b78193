-- params: time, ap_id, kind, detail
INSERT INTO ap_event (time, ap_id, kind, detail) VALUES (%s, %s, %s, %s)
ON CONFLICT DO NOTHING;
