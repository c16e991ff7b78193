SELECT nextval((SELECT pg_get_serial_sequence('portal_session', 'id'))::regclass) FROM generate_series(1, %(n)s)
