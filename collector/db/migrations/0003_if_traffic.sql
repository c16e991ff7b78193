-- Interface traffic between consecutive polls, computed in one place from the
-- raw counters of if_sample: never negative, never huge.
--   * a counter below its previous value is a 32-bit wrap (Counter32: add 2^32)
--     or, for a 64-bit counter, a reset (NULL);
--   * sysUpTime going back is a reboot: the delta is NULL (not a spike), except
--     for sysUpTime's own 497-day wrap;
--   * a delta faster than 10 Gbit/s is implausible for a Wi-Fi AP (e.g. several
--     32-bit wraps between two polls): NULL.

CREATE FUNCTION kunang_counter_delta(cur numeric, prev numeric, bits smallint, uptime bigint,
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

CREATE VIEW if_traffic AS
SELECT time, ap_id, if_index, if_name, seconds,
       kunang_counter_delta(in_octets, prev_in, counter_bits, sys_uptime_ticks, prev_uptime, seconds) AS in_bytes,
       kunang_counter_delta(out_octets, prev_out, counter_bits, sys_uptime_ticks, prev_uptime, seconds) AS out_bytes
FROM (
    SELECT s.*,
           extract(epoch FROM s.time - lag(s.time) OVER w)::double precision AS seconds,
           lag(s.in_octets) OVER w AS prev_in,
           lag(s.out_octets) OVER w AS prev_out,
           lag(s.sys_uptime_ticks) OVER w AS prev_uptime
    FROM if_sample s
    WINDOW w AS (PARTITION BY s.ap_id, s.if_index ORDER BY s.time)
) x;
