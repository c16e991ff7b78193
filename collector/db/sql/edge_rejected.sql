SELECT kunang_edge_rejected(%s)
