-- TimescaleDB: the policy jobs on Kunang's relations with their last background
-- result and, where the background runs failed, Kunang's own last run of them.
SELECT j.job_id, j.proc_name, coalesce(ca.view_name, j.hypertable_name) AS relation,
       j.schedule_interval::text, j.config, j.scheduled,
       -- a job that never succeeded reports -infinity
       s.last_run_status, nullif(s.last_successful_finish, '-infinity'), s.total_runs, s.total_failures,
       nullif(nullif(s.next_start, '-infinity'), 'infinity'),
       (SELECT e.err_message FROM timescaledb_information.job_errors e
         WHERE e.job_id = j.job_id ORDER BY e.start_time DESC LIMIT 1) AS last_error,
       r.ran_at AS kunang_ran_at, r.ok AS kunang_ok, r.error AS kunang_error, r.runs AS kunang_runs
FROM timescaledb_information.jobs j
LEFT JOIN timescaledb_information.job_stats s USING (job_id)
LEFT JOIN timescaledb_information.continuous_aggregates ca
       ON ca.materialization_hypertable_schema = j.hypertable_schema
      AND ca.materialization_hypertable_name = j.hypertable_name
LEFT JOIN kunang_tsdb_job_run r ON r.job_id = j.job_id
WHERE j.proc_name IN ('policy_retention', 'policy_compression', 'policy_refresh_continuous_aggregate')
  AND coalesce(ca.view_schema, j.hypertable_schema) = 'public'
ORDER BY j.job_id;
