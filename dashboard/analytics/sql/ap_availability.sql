-- Per AP over a date range: availability during opening hours, coverage.
-- params: site_id, start, end (dates, inclusive), ap_id
SELECT a.id AS ap_id, a.name AS ap_name, a.is_controller,
       coalesce(sum(d.polls), 0) AS polls, coalesce(sum(d.polls_ok), 0) AS polls_ok,
       coalesce(sum(d.polls_expected), 0) AS polls_expected,
       sum(d.polls_ok) / nullif(sum(d.polls), 0) AS availability,
       least(1.0, sum(d.polls_ok) / nullif(sum(d.polls_expected), 0)) AS coverage,
       max(d.clients_max) AS clients_max, coalesce(sum(d.sessions), 0)::integer AS sessions,
       coalesce(sum(d.bytes), 0)::bigint AS bytes
FROM ap a LEFT JOIN ap_daily d ON d.ap_id = a.id AND d.day BETWEEN %(start)s AND %(end)s
WHERE a.site_id = %(site_id)s AND (a.active OR d.ap_id IS NOT NULL)
  AND (%(ap_id)s::integer IS NULL OR a.id = %(ap_id)s::integer)
GROUP BY a.id, a.name, a.is_controller
ORDER BY a.name;
