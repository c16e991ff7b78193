-- Poll slots a collector skipped in a round: a device's previous poll still running at its next
-- slot, or no free poll slot (snmp.concurrency) before it. Shown on the data-quality page.
ALTER TABLE poll_round ADD COLUMN IF NOT EXISTS skipped integer NOT NULL DEFAULT 0;
