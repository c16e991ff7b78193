SELECT nextval(pg_get_serial_sequence('portal_session', 'id')) FROM generate_series(1, %(n)s)
