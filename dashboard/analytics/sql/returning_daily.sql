-- The returning share per local day: the product's rule (kunang_returning_share_daily, returning.sql).
-- params: site_id, start, end (local dates, inclusive)
SELECT day, share, se FROM kunang_returning_share_daily(%(site_id)s, %(start)s, %(end)s);
