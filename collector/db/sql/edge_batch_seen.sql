SELECT EXISTS (SELECT 1 FROM edge_batch WHERE msg_id = %s)
