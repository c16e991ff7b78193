-- the embedded server's database; {database} is an identifier composed by collector/db/connect.py (psycopg.sql)
CREATE DATABASE {database};
