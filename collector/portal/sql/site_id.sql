WITH found AS (SELECT id FROM site WHERE name = %(name)s),
     made AS (INSERT INTO site (name, timezone) SELECT %(name)s, %(tz)s
               WHERE NOT EXISTS (SELECT 1 FROM found)
              ON CONFLICT (name) DO NOTHING RETURNING id)
SELECT id FROM found UNION ALL SELECT id FROM made
