-- columns: collector, rounds, polls, ok, failed, skipped, last_round
-- Each collector's polling over the last 24 hours: polls answered and failed, and poll slots
-- skipped (a device's poll overran its interval, or no poll slot was free in time).
SELECT collector, count(*) AS rounds, sum(devices) AS polls, sum(ok) AS ok, sum(failed) AS failed,
       sum(skipped) AS skipped, max(time) AS last_round
FROM poll_round
WHERE time >= now() - interval '24 hours'
GROUP BY collector
ORDER BY collector
