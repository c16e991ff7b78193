-- Individual guest-book visits counted per location, hour and category.
-- Only these aggregates leave INLISLite: no name, address, member or visitor
-- number is selected.
SELECT m.Location_Id AS location_id,
       DATE_FORMAT(m.CreateDate, '%%Y-%%m-%%d %%H:00:00') AS hour,
       t.TujuanKunjungan AS purpose,
       jk.Name AS gender,
       p.Pekerjaan AS profession,
       e.Nama AS education,
       COUNT(*) AS visits
FROM memberguesses m
LEFT JOIN tujuan_kunjungan t ON t.ID = m.TujuanKunjungan_Id
LEFT JOIN jenis_kelamin jk ON jk.ID = m.JenisKelamin_id
LEFT JOIN master_pekerjaan p ON p.id = m.Profesi_id
LEFT JOIN master_pendidikan e ON e.id = m.PendidikanTerakhir_id
WHERE m.CreateDate >= %(start)s AND m.CreateDate < %(end)s
GROUP BY m.Location_Id, DATE_FORMAT(m.CreateDate, '%%Y-%%m-%%d %%H:00:00'),
         t.TujuanKunjungan, jk.Name, p.Pekerjaan, e.Nama
