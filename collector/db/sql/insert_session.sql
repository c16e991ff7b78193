INSERT INTO client_session (site_id, device, randomized, mac_raw, first_seen, last_seen, closed, first_ap_id,
                            last_ap_id, ap_ids, ssid, polls, rx_bytes, tx_bytes, last_rx_raw, last_tx_raw,
                            rssi_min, rssi_max)
VALUES (%(site_id)s, %(device)s, %(randomized)s, %(mac_raw)s, %(first_seen)s, %(last_seen)s, %(closed)s,
        %(first_ap_id)s, %(last_ap_id)s, %(ap_ids)s, %(ssid)s, %(polls)s, %(rx_bytes)s, %(tx_bytes)s,
        %(last_rx_raw)s, %(last_tx_raw)s, %(rssi_min)s, %(rssi_max)s)
RETURNING id;
