-- rows of a relation older than a cutoff, before and after drop_chunks; {relation} and {time_column}
-- are identifiers composed by collector/db/timescale.py (psycopg.sql)
SELECT count(*) FROM {relation} WHERE {time_column} < %s;
