-- The columns of the guest-book tables that exist in this INLISLite database
-- (names compared case-insensitively: MySQL's are).
SELECT LOWER(TABLE_NAME) AS table_name, LOWER(COLUMN_NAME) AS column_name
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
  AND LOWER(TABLE_NAME) IN ('memberguesses', 'groupguesses', 'locations', 'location_library',
                            'tujuan_kunjungan', 'jenis_kelamin', 'master_pekerjaan', 'master_pendidikan')
