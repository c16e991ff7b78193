"""Storage: PostgreSQL (embedded, external, or external with TimescaleDB)."""
