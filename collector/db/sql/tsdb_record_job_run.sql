-- TimescaleDB: the outcome of a policy job Kunang ran itself (CALL run_job), the last per job.
INSERT INTO kunang_tsdb_job_run (job_id, proc_name, relation, background_status, ok, error)
VALUES (%s, %s, %s, %s, %s, %s)
ON CONFLICT (job_id) DO UPDATE
SET proc_name = EXCLUDED.proc_name, relation = EXCLUDED.relation, background_status = EXCLUDED.background_status,
    ok = EXCLUDED.ok, error = EXCLUDED.error, ran_at = now(), runs = kunang_tsdb_job_run.runs + 1,
    failures = kunang_tsdb_job_run.failures + (NOT EXCLUDED.ok)::integer;
