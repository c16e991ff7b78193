-- Row counts and sizes of Kunang's tables (used by `kunang db info`).
SELECT c.relname AS table_name,
       pg_total_relation_size(c.oid) AS bytes,
       c.reltuples::bigint AS estimated_rows
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'm')
ORDER BY c.relname;
