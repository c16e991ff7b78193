-- params: collector, source, name, value (a running total; never goes down)
INSERT INTO intake_counter (collector, source, name, value, updated)
VALUES (%(collector)s, %(source)s, %(name)s, %(value)s, now())
ON CONFLICT (collector, source, name) DO UPDATE
SET value = greatest(intake_counter.value, EXCLUDED.value),
    updated = CASE WHEN EXCLUDED.value > intake_counter.value THEN now() ELSE intake_counter.updated END
