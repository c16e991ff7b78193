-- the server answers (check_connect)
SELECT 1;
