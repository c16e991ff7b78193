-- the development migrations a squashed baseline replaces
DELETE FROM schema_migrations WHERE version = ANY(%s);
