-- Whether a function exists (the analytics migrations may not have landed). %(name)s: text
SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = %(name)s)
