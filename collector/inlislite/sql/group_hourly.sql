-- Group visits (head counts) per location, hour and purpose; the per-gender,
-- per-profession and per-education head counts the guest book keeps for a
-- group. No group leader's name, phone, institution or address is selected.
SELECT g.Location_ID AS location_id,
       DATE_FORMAT(g.CreateDate, '%%Y-%%m-%%d %%H:00:00') AS hour,
       t.TujuanKunjungan AS purpose,
       COUNT(*) AS groups_,
       SUM(COALESCE(g.CountPersonel, 0)) AS personel,
       SUM(COALESCE(g.CountLaki, 0)) AS male, SUM(COALESCE(g.CountPerempuan, 0)) AS female,
       SUM(COALESCE(g.CountPNS, 0)) AS p_pns, SUM(COALESCE(g.CountPSwasta, 0)) AS p_private,
       SUM(COALESCE(g.CountPeneliti, 0)) AS p_researcher, SUM(COALESCE(g.CountGuru, 0)) AS p_teacher,
       SUM(COALESCE(g.CountDosen, 0)) AS p_lecturer, SUM(COALESCE(g.CountPensiunan, 0)) AS p_retired,
       SUM(COALESCE(g.CountTNI, 0)) AS p_military, SUM(COALESCE(g.CountWiraswasta, 0)) AS p_entrepreneur,
       SUM(COALESCE(g.CountPelajar, 0)) AS p_pupil, SUM(COALESCE(g.CountMahasiswa, 0)) AS p_student,
       SUM(COALESCE(g.CountLainnya, 0)) AS p_other,
       SUM(COALESCE(g.CountSD, 0)) AS e_sd, SUM(COALESCE(g.CountSMP, 0)) AS e_smp, SUM(COALESCE(g.CountSMA, 0)) AS e_sma,
       SUM(COALESCE(g.CountD1, 0)) AS e_d1, SUM(COALESCE(g.CountD2, 0)) AS e_d2, SUM(COALESCE(g.CountD3, 0)) AS e_d3,
       SUM(COALESCE(g.CountS1, 0)) AS e_s1, SUM(COALESCE(g.CountS2, 0)) AS e_s2, SUM(COALESCE(g.CountS3, 0)) AS e_s3
FROM groupguesses g
LEFT JOIN tujuan_kunjungan t ON t.ID = g.TujuanKunjungan_ID
WHERE g.CreateDate >= %(start)s AND g.CreateDate < %(end)s
GROUP BY g.Location_ID, DATE_FORMAT(g.CreateDate, '%%Y-%%m-%%d %%H:00:00'), t.TujuanKunjungan
