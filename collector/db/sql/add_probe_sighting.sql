SELECT kunang_add_probe_sighting(%(site)s, %(hour)s, %(device)s, %(link)s, %(randomized)s, %(frames)s,
                                 %(strong)s, %(no_signal)s, %(first_strong)s, %(last_strong)s,
                                 %(max_rssi)s::smallint, %(rssi_threshold)s::smallint, %(min_dwell_s)s,
                                 %(now)s)
