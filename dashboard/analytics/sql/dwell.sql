-- Dwell time of visits. params: site_id, start, end (local dates, inclusive)
SELECT count(*)::integer AS visits,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) AS median_s,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY dwell_s) AS p90_s,
       avg(dwell_s)::double precision AS mean_s,
       (count(*) FILTER (WHERE dwell_s < 300))::integer AS lt5,
       (count(*) FILTER (WHERE dwell_s >= 300 AND dwell_s < 900))::integer AS m5_15,
       (count(*) FILTER (WHERE dwell_s >= 900 AND dwell_s < 1800))::integer AS m15_30,
       (count(*) FILTER (WHERE dwell_s >= 1800 AND dwell_s < 3600))::integer AS m30_60,
       (count(*) FILTER (WHERE dwell_s >= 3600 AND dwell_s < 7200))::integer AS m60_120,
       (count(*) FILTER (WHERE dwell_s >= 7200))::integer AS ge120
FROM visit
WHERE site_id = %(site_id)s AND day BETWEEN %(start)s AND %(end)s;
