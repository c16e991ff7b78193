-- TimescaleDB: drop chunks older than drop_after (timescale.desired_policies)
SELECT add_retention_policy(%(relation)s, drop_after => %(drop_after)s);
