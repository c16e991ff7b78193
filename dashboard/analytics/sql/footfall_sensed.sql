-- Which of the given sites have ever had a probe-request sensor (any summed day): only those show
-- sensed footfall. params: site_ids (int[])
SELECT DISTINCT site_id FROM probe_daily WHERE site_id = ANY (%(site_ids)s)
