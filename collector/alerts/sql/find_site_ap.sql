SELECT s.id, a.id FROM site s LEFT JOIN ap a ON a.site_id = s.id AND a.name = %(ap)s
WHERE s.name = %(site)s
