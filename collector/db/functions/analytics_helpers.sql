-- Helpers of the analytics refresh (docs/metrics.md).
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the
-- pending migrations: this file is the one home of these functions. Change them
-- here, never in a migration.

-- Seconds of [p_from, p_to) (local wall-clock time) inside the opening hours.
-- An empty opening_hours object ('{}') means "always open".
CREATE OR REPLACE FUNCTION kunang_open_seconds(p_hours jsonb, p_holidays date[], p_from timestamp, p_to timestamp)
RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN p_hours = '{}'::jsonb THEN extract(epoch FROM p_to - p_from)::double precision ELSE
    coalesce((
        SELECT sum(greatest(0, extract(epoch FROM
                   least(p_to, g.d + (r ->> 1)::time) - greatest(p_from, g.d + (r ->> 0)::time))))
        FROM generate_series(p_from::date::timestamp, (p_to - interval '1 microsecond')::date::timestamp,
                             interval '1 day') AS g(d)
        CROSS JOIN LATERAL jsonb_array_elements(
            coalesce(p_hours -> (ARRAY['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'])[extract(dow FROM g.d)::int + 1],
                     '[]'::jsonb)) AS r
        WHERE NOT (g.d::date = ANY (coalesce(p_holidays, '{}')))
    ), 0)::double precision END
$$;

-- Distinct elements of an array, in order of first appearance.
CREATE OR REPLACE FUNCTION kunang_uniq(p integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(array_agg(x ORDER BY o), '{}')
    FROM (SELECT x, min(o) AS o FROM unnest(p) WITH ORDINALITY AS u(x, o) WHERE x IS NOT NULL GROUP BY x) q
$$;

CREATE OR REPLACE AGGREGATE kunang_union(integer[]) (
    SFUNC = array_cat, STYPE = integer[], INITCOND = '{}', FINALFUNC = kunang_uniq
);

-- array concatenation without the per-group de-duplication of kunang_union
-- (most visits hold one SNMP session, whose AP list is already distinct)
-- array concatenation without the per-group de-duplication of kunang_union
-- (most visits hold one SNMP session, whose AP list is already distinct)
CREATE OR REPLACE AGGREGATE kunang_cat(integer[]) (SFUNC = array_cat, STYPE = integer[], INITCOND = '{}');

-- Per site: local days touched by [p_from, p_to) and their UTC bounds. ROWS 20: one row per
-- site (tens, not the default estimate of 1000), so the refresh statements join the derived
-- tables per site through their (site_id, day, ...) keys instead of scanning them whole.
CREATE OR REPLACE FUNCTION kunang_site_days(p_from timestamptz, p_to timestamptz)
RETURNS TABLE (site_id integer, tz text, hours jsonb, holidays date[], lo date, hi date,
               lo_ts timestamptz, hi_ts timestamptz)
LANGUAGE sql STABLE ROWS 20 AS $$
    SELECT s.id, s.timezone, s.opening_hours, s.holidays, x.lo, x.hi,
           x.lo::timestamp AT TIME ZONE s.timezone, (x.hi + 1)::timestamp AT TIME ZONE s.timezone
    FROM site s
    CROSS JOIN LATERAL (SELECT (p_from AT TIME ZONE s.timezone)::date - 1 AS lo,
                               ((p_to - interval '1 microsecond') AT TIME ZONE s.timezone)::date AS hi) x
$$;
