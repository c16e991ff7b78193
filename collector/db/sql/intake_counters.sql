-- columns: collector, source, name, value, updated (`kunang db info`)
SELECT collector, source, name, value, updated
FROM intake_counter
ORDER BY collector, source, name
