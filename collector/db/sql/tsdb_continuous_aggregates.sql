-- TimescaleDB: Kunang's continuous aggregates, their materialization and its size.
SELECT ca.view_name, ca.materialized_only, ca.compression_enabled,
       ca.materialization_hypertable_name,
       hypertable_size(format('%I.%I', ca.materialization_hypertable_schema,
                              ca.materialization_hypertable_name)::regclass) AS bytes
FROM timescaledb_information.continuous_aggregates ca
WHERE ca.view_schema = 'public'
ORDER BY ca.view_name;
