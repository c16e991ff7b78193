-- Library visits from the INLISLite guest book (issue 21): hourly aggregates
-- only. No name, address, member or visitor number of a visitor exists here.
-- Each dimension of an hour adds up to the hour's visits:
--   kind: individual (guest-book rows) | group (group head counts)
--   purpose: INLISLite's own visit-purpose label (or 'unknown')
--   gender, profession, education: stable category keys (collector/inlislite/categories.py)

CREATE TABLE library_visit_hourly (
    site_id   integer NOT NULL REFERENCES site (id),
    hour      timestamptz NOT NULL,
    dimension text NOT NULL CHECK (dimension IN ('kind', 'purpose', 'gender', 'profession', 'education')),
    category  text NOT NULL CHECK (length(category) BETWEEN 1 AND 100),
    visits    integer NOT NULL CHECK (visits > 0),
    source    text NOT NULL DEFAULT 'inlislite',     -- 'inlislite', 'csv', 'simulator'
    PRIMARY KEY (site_id, hour, dimension, category)
);
CREATE INDEX library_visit_hourly_kind ON library_visit_hourly (site_id, hour) WHERE dimension = 'kind';

-- The state of the guest-book source, for the data-quality page: one row per
-- source ('inlislite'); faults are states here, never a crash.
CREATE TABLE library_visit_source (
    source        text PRIMARY KEY,
    state         text NOT NULL CHECK (state IN ('ok', 'unreachable', 'schema_error', 'error')),
    detail        text,
    checked_at    timestamptz NOT NULL,
    last_ok_at    timestamptz,
    synced_from   timestamptz,                       -- the window the last good pull replaced
    synced_until  timestamptz,
    visits        integer,                           -- visits in that window (all mapped sites)
    unmapped      integer NOT NULL DEFAULT 0         -- visits at INLISLite locations no site maps
);
