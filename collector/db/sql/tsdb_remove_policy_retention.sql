-- TimescaleDB: drop a relation's retention policy, if it has one
SELECT remove_retention_policy(%(relation)s, if_exists => true);
