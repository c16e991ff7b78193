-- Settings the SQL functions read from kunang_meta (written by the collector).
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the
-- pending migrations: this file is the one home of these functions. Change them
-- here, never in a migration.

CREATE OR REPLACE FUNCTION kunang_setting(p_key text, p_default text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT value FROM kunang_meta WHERE key = p_key), p_default)
$$;

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
