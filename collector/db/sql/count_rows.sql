-- the exact row count of a table; {table} is an identifier composed by collector/db/info.py (psycopg.sql)
SELECT count(*) FROM {table};
