SELECT controller_up FROM ap_status WHERE ap_id = %s
