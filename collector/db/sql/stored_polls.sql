-- params: ap_ids int[], times timestamptz[] (pairs): which of these polls are stored already
-- (a poll replayed from the spool after a crash between its commit and its acknowledgement)
SELECT s.ap_id, s.time
FROM ap_sample s
JOIN unnest(%(ap_ids)s::int[], %(times)s::timestamptz[]) AS p(ap_id, time) ON s.ap_id = p.ap_id AND s.time = p.time
