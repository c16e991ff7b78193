INSERT INTO library_visit_hourly (site_id, hour, dimension, category, visits, source)
VALUES (%s, %s, %s, %s, %s, %s)
