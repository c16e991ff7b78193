-- AP availability over several libraries: answered / attempted polls during
-- opening hours, controllers excluded (the analytics layer's formula of
-- period_figures.sql without the per-site grouping).
-- params: site_ids, start, end (local dates, inclusive)
SELECT sum(d.polls_ok) / nullif(sum(d.polls), 0) AS availability,
       least(1.0, sum(d.polls_ok) / nullif(sum(d.polls_expected), 0)) AS coverage
FROM ap_daily d JOIN ap ON ap.id = d.ap_id AND NOT ap.is_controller
WHERE d.site_id = ANY (%(site_ids)s) AND d.day BETWEEN %(start)s AND %(end)s;
