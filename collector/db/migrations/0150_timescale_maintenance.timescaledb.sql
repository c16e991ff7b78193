-- TimescaleDB mode: policy jobs that Kunang ran itself because the background
-- scheduler did not (every job fails on PostgreSQL 15.20 with TimescaleDB 2.28,
-- see docs/deploy.md). One row per job, the last run; shown by `kunang db info`.
-- The policies themselves follow the configuration (collector/db/timescale.py).

CREATE TABLE kunang_tsdb_job_run (
    job_id            integer PRIMARY KEY,
    proc_name         text NOT NULL,
    relation          text NOT NULL,
    background_status text NOT NULL,  -- job_stats.last_run_status when Kunang stepped in
    ok                boolean NOT NULL,
    error             text,
    ran_at            timestamptz NOT NULL DEFAULT now(),
    runs              integer NOT NULL DEFAULT 1,
    failures          integer NOT NULL DEFAULT 0
);
