-- TimescaleDB: drop a continuous aggregate's refresh policy, if it has one
SELECT remove_continuous_aggregate_policy(%(relation)s, if_exists => true);
