-- this session's statement timeout, to set back after a long job (set_statement_timeout)
SELECT current_setting('statement_timeout');
