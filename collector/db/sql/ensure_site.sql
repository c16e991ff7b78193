-- A site a guest-book pull writes to, created before the collector first synced its inventory
-- (collector/inlislite/store.py); the collector fills in the rest.
INSERT INTO site (name, timezone) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING;
