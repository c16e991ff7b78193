-- TimescaleDB: refresh a continuous aggregate's whole buckets inside [start, end) (autocommit only)
CALL refresh_continuous_aggregate(%s, %s, %s);
