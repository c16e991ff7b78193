-- the schema exists (the baseline migration made kunang_meta)
SELECT to_regclass('kunang_meta') IS NOT NULL;
