-- the server's version as SHOW server_version gives it (kunang db info)
SELECT current_setting('server_version');
