-- TimescaleDB: drop a hypertable's (or continuous aggregate's) chunks wholly older than the cutoff
SELECT drop_chunks(%s, older_than => %s);
