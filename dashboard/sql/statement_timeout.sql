-- the statement timeout of each dashboard connection, in milliseconds (dashboard.db.Reader)
SELECT set_config('statement_timeout', %s, false);
