-- TimescaleDB: Kunang's hypertables with their chunk interval and total size (chunks included).
SELECT h.hypertable_name, d.time_interval::text, h.num_chunks,
       hypertable_size(format('%I.%I', h.hypertable_schema, h.hypertable_name)::regclass) AS bytes
FROM timescaledb_information.hypertables h
LEFT JOIN timescaledb_information.dimensions d
       ON d.hypertable_schema = h.hypertable_schema AND d.hypertable_name = h.hypertable_name
      AND d.dimension_number = 1
WHERE h.hypertable_schema = 'public'
ORDER BY h.hypertable_name;
