-- The newest sample before a time (the demo fills the gap since its last run, beside the live polls).
SELECT max(time) FROM ap_sample WHERE time < %(t)s
