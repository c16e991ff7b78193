-- Insert or replace a generated report; keeps emailed_at/recipients when the
-- content is unchanged (same sha256), clears them otherwise.
INSERT INTO report_file (month, scope, site_id, name, format, language, filename, path, content, size_bytes, sha256)
VALUES (%(month)s, %(scope)s, %(site_id)s, %(name)s, %(format)s, %(language)s, %(filename)s, %(path)s,
        %(content)s, %(size_bytes)s, %(sha256)s)
ON CONFLICT (month, scope, name, format, language) DO UPDATE
SET site_id = EXCLUDED.site_id, filename = EXCLUDED.filename, path = EXCLUDED.path, content = EXCLUDED.content,
    size_bytes = EXCLUDED.size_bytes, created_at = now(),
    emailed_at = CASE WHEN report_file.sha256 = EXCLUDED.sha256 THEN report_file.emailed_at END,
    recipients = CASE WHEN report_file.sha256 = EXCLUDED.sha256 THEN report_file.recipients ELSE '{}' END,
    sha256 = EXCLUDED.sha256
RETURNING id, emailed_at;
