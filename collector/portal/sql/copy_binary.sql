-- a binary COPY into a table; {table} and {columns} are identifiers composed by collector/portal/pgcopy.py
-- (psycopg.sql) from the row format
COPY {table} ({columns}) FROM STDIN (FORMAT BINARY);
