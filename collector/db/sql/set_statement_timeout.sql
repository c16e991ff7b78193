-- this session's statement timeout ('0': none), until the session ends or it is set again
SELECT set_config('statement_timeout', %s, false);
