-- The demo's history progress, for the overview page. params: the JSON value
INSERT INTO kunang_meta (key, value) VALUES ('demo.history', %s)
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
