-- the storage mode chosen at the first upgrade, kept for good (read by storage_mode.sql)
INSERT INTO kunang_meta (key, value) VALUES ('storage_mode', %s)
ON CONFLICT (key) DO NOTHING;
