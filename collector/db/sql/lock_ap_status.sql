-- params: ap_id
SELECT state, consecutive_failures, consecutive_successes, sys_uptime_ticks
FROM ap_status WHERE ap_id = %s FOR UPDATE;
