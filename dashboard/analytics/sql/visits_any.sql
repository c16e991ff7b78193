-- Whether any library visits (guest book) are stored at all: the site page shows its section only then.
SELECT EXISTS (SELECT 1 FROM library_visit_hourly) AS any
