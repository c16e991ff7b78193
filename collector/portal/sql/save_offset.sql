INSERT INTO log_offset (source, path, inode, device, "offset", head, updated_at)
VALUES (%(source)s, %(path)s, %(inode)s, %(device)s, %(offset)s, %(head)s, now())
ON CONFLICT (source) DO UPDATE
   SET path = EXCLUDED.path, inode = EXCLUDED.inode, device = EXCLUDED.device, "offset" = EXCLUDED."offset",
       head = EXCLUDED.head, updated_at = now()
