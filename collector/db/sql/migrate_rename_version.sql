-- a squashed history's rows 1 and 2 become the baseline's
UPDATE schema_migrations SET name = %s, checksum = %s WHERE version = %s;
