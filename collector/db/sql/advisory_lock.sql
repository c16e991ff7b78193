-- a session-level advisory lock (released by advisory_unlock): one process at a time does the job keyed by the number
SELECT pg_advisory_lock(%s);
