-- TimescaleDB: refresh a continuous aggregate over [now - start_offset, now - end_offset] every schedule_interval
SELECT add_continuous_aggregate_policy(%(relation)s, start_offset => %(start_offset)s, end_offset => %(end_offset)s,
                                       schedule_interval => %(schedule_interval)s);
