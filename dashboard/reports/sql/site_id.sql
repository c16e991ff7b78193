-- params: name
SELECT id FROM site WHERE name = %s
