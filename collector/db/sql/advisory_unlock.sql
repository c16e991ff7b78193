-- releases advisory_lock's lock
SELECT pg_advisory_unlock(%s);
