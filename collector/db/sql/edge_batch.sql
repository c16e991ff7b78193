SELECT kunang_edge_batch(%s, %s, %s, %s, %s)
