-- one migration applied (in the migration's own transaction)
INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s);
