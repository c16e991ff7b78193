-- Interface counter deltas (the if_traffic view of the baseline).
-- Applied by every `kunang db upgrade` (collector/db/migrate.py), before the
-- pending migrations: this file is the one home of these functions. Change them
-- here, never in a migration.

-- Interface traffic between consecutive polls, computed in one place from the
-- raw counters of if_sample: never negative, never huge.
--   * a counter below its previous value is a 32-bit wrap (Counter32: add 2^32)
--     or, for a 64-bit counter, a reset (NULL);
--   * sysUpTime going back is a reboot: the delta is NULL (not a spike), except
--     for sysUpTime's own 497-day wrap;
--   * a delta faster than 10 Gbit/s is implausible for a Wi-Fi AP (e.g. several
--     32-bit wraps between two polls): NULL.

CREATE OR REPLACE FUNCTION kunang_counter_delta(cur numeric, prev numeric, bits smallint, uptime bigint,
                                     prev_uptime bigint, seconds double precision)
RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN cur IS NULL OR prev IS NULL OR seconds IS NULL OR seconds <= 0 THEN NULL
        WHEN uptime IS NOT NULL AND prev_uptime IS NOT NULL AND uptime < prev_uptime
             AND prev_uptime < 4294967296 - 360000 THEN NULL                 -- reboot
        ELSE (SELECT CASE WHEN d IS NULL OR d / seconds > 1.25e9 THEN NULL ELSE d END
              FROM (SELECT CASE
                        WHEN cur >= prev THEN cur - prev
                        WHEN bits = 32 THEN cur + 4294967296 - prev          -- wrap
                        ELSE NULL                                           -- 64-bit reset
                    END AS d) x)
    END
$$;
