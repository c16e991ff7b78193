"""INLISLite guest book: library visits beside Wi-Fi use.

INLISLite (the Indonesian national library's automation system, PHP on
MySQL/MariaDB) keeps a guest book: `memberguesses` (one row per individual
visit) and `groupguesses` (group visits with head counts). Kunang reads it
read-only and keeps only hourly aggregates per site (visits by kind, purpose,
gender, profession and education category); names, addresses and member or
visitor numbers are never selected. See docs/privacy.md and docs/metrics.md.

- `schema`: the tables and columns Kunang needs (one place), checked before reading
- `categories`: INLISLite's labels -> stable category keys (pure)
- `aggregate`: query rows -> per-site hourly aggregates (pure)
- `source`: the MySQL/MariaDB side (PyMySQL, read-only session)
- `store`: the PostgreSQL side (replace a window of aggregates, source state)
- `csvfile`: a guest-book CSV export, for libraries whose database is not reachable
- `sync`: one pull: INLISLite -> aggregates -> store, faults recorded as states
"""
