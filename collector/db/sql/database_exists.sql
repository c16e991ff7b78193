-- a database of this name exists on the server (the embedded server's, before any schema)
SELECT 1 FROM pg_database WHERE datname = %s;
