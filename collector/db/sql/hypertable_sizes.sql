-- TimescaleDB: the real size of each hypertable (its chunks), which pg_class does not show.
SELECT hypertable_name,
       hypertable_size(format('%I.%I', hypertable_schema, hypertable_name)::regclass) AS bytes
FROM timescaledb_information.hypertables
WHERE hypertable_schema = 'public';
