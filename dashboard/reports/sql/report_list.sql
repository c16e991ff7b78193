-- Generated reports, newest month first (without their content).
SELECT id, month, scope, site_id, name, format, language, filename, size_bytes, sha256, created_at,
       emailed_at, recipients
FROM report_file
WHERE (%(month)s::date IS NULL OR month = %(month)s::date)
ORDER BY month DESC, scope DESC, name, language, format
LIMIT %(limit)s;
