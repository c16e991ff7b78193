SELECT id, kind, subject, site_id, ap_id, inhibited_by FROM alert WHERE state = 'firing'
