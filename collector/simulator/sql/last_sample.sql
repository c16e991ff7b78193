-- The newest sample in the store (the demo fills the gap since its last run).
SELECT max(time) FROM ap_sample
