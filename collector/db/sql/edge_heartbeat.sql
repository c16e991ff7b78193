SELECT kunang_edge_heartbeat(%s, %s, %s, %s, %s, %s)
