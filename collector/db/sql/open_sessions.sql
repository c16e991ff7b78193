-- Open client sessions of the SNMP sessionizer, to restore it after a restart (a sensor's are its own).
SELECT id, site_id, device, randomized, mac_raw, first_seen, last_seen, first_ap_id, last_ap_id, ap_ids, ssid,
       polls, rx_bytes, tx_bytes, last_rx_raw, last_tx_raw, rssi_min, rssi_max
FROM client_session WHERE NOT closed AND source = 'snmp';
