-- every session on the guest book's server is read-only (an old server without it: the user's grants)
SET SESSION TRANSACTION READ ONLY
