SELECT value FROM kunang_meta WHERE key = 'storage_mode'
