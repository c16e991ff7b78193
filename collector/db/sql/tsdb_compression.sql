-- TimescaleDB: chunks and compression per hypertable of Kunang (sizes of the compressed chunks
-- before and after compression; a ratio is only meaningful where chunks are compressed).
SELECT h.hypertable_name, s.total_chunks, s.number_compressed_chunks,
       s.before_compression_total_bytes, s.after_compression_total_bytes
FROM timescaledb_information.hypertables h
LEFT JOIN LATERAL hypertable_compression_stats(format('%I.%I', h.hypertable_schema, h.hypertable_name)::regclass) s
       ON true
WHERE h.hypertable_schema = 'public'
ORDER BY h.hypertable_name;
