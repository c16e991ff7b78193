-- Every INLISLite location with the library it belongs to (codes and IDs only).
SELECT l.ID AS location_id, l.Code AS location_code, ll.ID AS library_id, ll.Code AS library_code
FROM locations l
LEFT JOIN location_library ll ON ll.ID = l.LocationLibrary_id
