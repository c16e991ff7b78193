-- TimescaleDB: run a policy job in this session (autocommit; the job commits as it goes)
CALL run_job(%s);
