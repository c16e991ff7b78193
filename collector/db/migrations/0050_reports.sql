-- Generated monthly reports (issue 8): kept in the database so the dashboard's
-- Reports page can serve them from any machine, and so the scheduled job knows
-- what it already produced and e-mailed (a re-run does not send twice).
CREATE TABLE report_file (
    id          bigserial PRIMARY KEY,
    month       date NOT NULL CHECK (extract(day FROM month) = 1),   -- first day of the reported month
    scope       text NOT NULL CHECK (scope IN ('site', 'district')),
    site_id     integer REFERENCES site (id) ON DELETE SET NULL,     -- scope = site
    name        text NOT NULL,                                       -- library (or district) name shown
    format      text NOT NULL CHECK (format IN ('pdf', 'xlsx', 'csv')),
    language    text NOT NULL CHECK (language IN ('id', 'en')),
    filename    text NOT NULL,
    path        text,                                                -- copy written to reports.output_dir
    content     bytea NOT NULL,
    size_bytes  integer NOT NULL,
    sha256      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    emailed_at  timestamptz,
    recipients  text[] NOT NULL DEFAULT '{}'
);
-- one current file per month, scope, library, format and language (a re-run replaces it)
CREATE UNIQUE INDEX report_file_key_idx ON report_file (month, scope, name, format, language);
CREATE INDEX report_file_created_idx ON report_file (created_at DESC);
