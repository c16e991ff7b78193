SELECT a.id, a.name, a.site_id, s.name AS site, s.timezone, a.ap_group, a.address, a.controller_id,
       a.is_controller, a.active AND s.active AS active
FROM ap a JOIN site s ON s.id = a.site_id
