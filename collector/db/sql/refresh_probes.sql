SELECT kunang_refresh_probes(%(now)s)
