-- TimescaleDB: policy jobs on Kunang's relations that the background scheduler
-- does not get done: the last run failed, the next start is long past, or the
-- job never ran and no scheduler serves this database (no background workers).
-- Jobs running now are left alone.
SELECT j.job_id, j.proc_name, coalesce(ca.view_name, j.hypertable_name) AS relation,
       coalesce(s.last_run_status, 'never run') AS status
FROM timescaledb_information.jobs j
LEFT JOIN timescaledb_information.job_stats s USING (job_id)
LEFT JOIN timescaledb_information.continuous_aggregates ca
       ON ca.materialization_hypertable_schema = j.hypertable_schema
      AND ca.materialization_hypertable_name = j.hypertable_name
WHERE j.proc_name IN ('policy_retention', 'policy_compression', 'policy_refresh_continuous_aggregate')
  AND coalesce(ca.view_schema, j.hypertable_schema) = 'public'
  AND j.scheduled
  AND coalesce(s.job_status, '') <> 'Running'
  AND (s.last_run_status = 'Failed'
       OR coalesce(s.next_start, j.next_start) < now() - %(overdue)s::interval
       OR (s.last_run_status IS NULL AND NOT EXISTS (
               SELECT 1 FROM pg_stat_activity a
               WHERE a.datname = current_database()
                 AND a.backend_type = 'TimescaleDB Background Worker Scheduler')))
ORDER BY j.job_id;
