SELECT kunang_purge_probes(%(before)s)
