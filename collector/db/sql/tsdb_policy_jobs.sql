-- TimescaleDB: the policy jobs on Kunang's relations. A continuous aggregate's
-- policies are registered on its materialization hypertable; they are reported
-- under the view's name.
SELECT j.job_id, j.proc_name, coalesce(ca.view_name, j.hypertable_name) AS relation, j.config
FROM timescaledb_information.jobs j
LEFT JOIN timescaledb_information.continuous_aggregates ca
       ON ca.materialization_hypertable_schema = j.hypertable_schema
      AND ca.materialization_hypertable_name = j.hypertable_name
WHERE j.proc_name IN ('policy_retention', 'policy_compression', 'policy_refresh_continuous_aggregate')
  AND coalesce(ca.view_schema, j.hypertable_schema) = 'public'
ORDER BY j.job_id;
