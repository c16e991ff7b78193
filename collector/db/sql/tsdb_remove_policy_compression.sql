-- TimescaleDB: drop a hypertable's compression policy, if it has one
SELECT remove_compression_policy(%(relation)s, if_exists => true);
