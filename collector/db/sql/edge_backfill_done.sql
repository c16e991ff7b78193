-- params: ids
UPDATE edge_batch SET refreshed = true WHERE id = ANY(%(ids)s)
