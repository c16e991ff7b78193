SELECT 1 FROM notification WHERE event = 'digest' AND dedup LIKE %(prefix)s LIMIT 1
