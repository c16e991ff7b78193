-- Settings the SQL functions read from kunang_meta (written by the collector).
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the
-- pending migrations: this file is the one home of these functions. Change them
-- here, never in a migration.

CREATE OR REPLACE FUNCTION kunang_setting(p_key text, p_default text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT value FROM kunang_meta WHERE key = p_key), p_default)
$$;

-- The analytics settings with their defaults, one place each (the values the collector configured,
-- kunang_configure_analytics below; the defaults when it has not run yet).
CREATE OR REPLACE FUNCTION kunang_returning_window_days() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT kunang_setting('analytics.returning_window_days', '30')::int $$;

CREATE OR REPLACE FUNCTION kunang_rotating_salt() RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT kunang_setting('privacy.rotating_salt', 'false')::boolean $$;

-- seconds between polls, at least 1
CREATE OR REPLACE FUNCTION kunang_poll_interval_s() RETURNS double precision
LANGUAGE sql STABLE AS $$ SELECT greatest(kunang_setting('snmp.poll_interval_s', '60')::double precision, 1) $$;

CREATE OR REPLACE FUNCTION kunang_coverage_min() RETURNS double precision
LANGUAGE sql STABLE AS $$ SELECT kunang_setting('analytics.coverage_min', '0.9')::double precision $$;

CREATE OR REPLACE FUNCTION kunang_session_gap() RETURNS interval
LANGUAGE sql STABLE AS $$ SELECT make_interval(mins => kunang_setting('analytics.session_gap_minutes', '10')::int) $$;

CREATE OR REPLACE FUNCTION kunang_visitor_min_s() RETURNS integer
LANGUAGE sql STABLE AS $$ SELECT 60 * kunang_setting('analytics.visitor_min_minutes', '5')::int $$;

CREATE OR REPLACE FUNCTION kunang_configure_analytics(p_gap_minutes integer, p_visitor_min_minutes integer,
                                           p_returning_window_days integer, p_rotating_salt boolean,
                                           p_poll_interval_s integer) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO kunang_meta (key, value) VALUES
        ('analytics.session_gap_minutes', p_gap_minutes::text),
        ('analytics.visitor_min_minutes', p_visitor_min_minutes::text),
        ('analytics.returning_window_days', p_returning_window_days::text),
        ('privacy.rotating_salt', p_rotating_salt::text),
        ('snmp.poll_interval_s', p_poll_interval_s::text)
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
$$;
