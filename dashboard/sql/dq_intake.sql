-- columns: collector, source, name, value, updated
-- The collectors' intake totals per source: received, stored, set aside, and every line lost (issue 14).
SELECT collector, source, name, value, updated
FROM intake_counter
ORDER BY collector, source, name
