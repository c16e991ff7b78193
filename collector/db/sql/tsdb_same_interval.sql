-- TimescaleDB policies: a job's configured interval (text from its config) equals the wanted one
SELECT %s::interval = %s::interval;
