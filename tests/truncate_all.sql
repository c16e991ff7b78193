-- Empties every table of the test database but the migration bookkeeping (tests/conftest.py, truncate_all).
-- TRUNCATE gives every table it names a new file, and its cost grows with the number of tables (about
-- 0.7 s for all of them on a PostgreSQL server that syncs to disk, 0.2 s on the embedded one), while a
-- test fills a few: only the tables holding rows are emptied, and the identity sequences that were
-- used are set back to their start, which is what TRUNCATE ... RESTART IDENTITY of all of them did.
-- A table of at most 1,000 rows is emptied with DELETE, foreign keys not checked (session_replication_role
-- replica, for this statement only: every table that holds rows is emptied, so no reference is left dangling):
-- TRUNCATE rebuilds each index of the table, and PostgreSQL 15 syncs every rebuilt index to disk before the
-- commit (nbtsort.c), ~0.4 s for the few rows a test writes against ~15 ms for DELETE on the machine's server
-- (docs/performance.md, "Test suite time"). Bigger tables, a user that may not set session_replication_role
-- (not a superuser) and TimescaleDB databases (hypertables, continuous aggregates) keep TRUNCATE ... CASCADE.
DO $$
DECLARE
    rel regclass;
    n_rows bigint;
    row_wise boolean := (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
                        AND NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'timescaledb');
    role_before text := current_setting('session_replication_role');
    small text[] := '{}';
    filled text[] := '{}';
BEGIN
    FOR rel IN
        SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND c.relname NOT IN ('schema_migrations', 'kunang_meta')
    LOOP
        EXECUTE format('SELECT count(*) FROM (SELECT FROM %s LIMIT 1001) r', rel) INTO n_rows;
        IF n_rows > 0 AND row_wise AND n_rows <= 1000 THEN
            small := small || rel::text;
        ELSIF n_rows > 0 THEN
            filled := filled || rel::text;
        END IF;
    END LOOP;
    -- TimescaleDB continuous aggregates are views here; their rows live in hidden tables: always emptied
    filled := filled || ARRAY(
        SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'v' AND c.relname IN ('ap_hourly', 'ssid_hourly'));
    IF cardinality(filled) > 0 THEN
        -- CASCADE also empties the small tables referring to these: deleted again below, nothing to do
        EXECUTE 'TRUNCATE ' || array_to_string(filled, ', ') || ' CASCADE';
    END IF;
    IF cardinality(small) > 0 THEN
        PERFORM set_config('session_replication_role', 'replica', true);
        FOR i IN 1 .. cardinality(small) LOOP
            EXECUTE 'DELETE FROM ' || small[i];
        END LOOP;
        PERFORM set_config('session_replication_role', role_before, true);
    END IF;
    -- setval is not transactional and makes no new file: cheap, so every used sequence of a table goes back
    PERFORM setval(s.seqrelid, s.seqstart, false)
    FROM pg_sequence s
    JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid
                    AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND t.relname NOT IN ('schema_migrations', 'kunang_meta')
      AND pg_sequence_last_value(s.seqrelid) IS NOT NULL;
END
$$;
