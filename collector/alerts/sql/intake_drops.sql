-- params: names (the counters that count lost lines); columns: collector, source, value (a running total)
SELECT collector, source, sum(value)::bigint
FROM intake_counter
WHERE name = ANY(%(names)s)
GROUP BY collector, source
