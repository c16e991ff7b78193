-- The demo's history being written in the background (kunang demo): {done, total, finished} as JSON, or no row.
SELECT value FROM kunang_meta WHERE key = 'demo.history'
