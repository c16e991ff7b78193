SELECT path, inode, device, "offset", head FROM log_offset WHERE source = %(source)s
