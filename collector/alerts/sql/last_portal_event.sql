SELECT max(time) FROM portal_event WHERE source = %(source)s
