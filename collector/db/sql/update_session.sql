UPDATE client_session
SET last_seen = %(last_seen)s, closed = %(closed)s, last_ap_id = %(last_ap_id)s, ap_ids = %(ap_ids)s,
    ssid = %(ssid)s, polls = %(polls)s, rx_bytes = %(rx_bytes)s, tx_bytes = %(tx_bytes)s,
    last_rx_raw = %(last_rx_raw)s, last_tx_raw = %(last_tx_raw)s, rssi_min = %(rssi_min)s, rssi_max = %(rssi_max)s
WHERE id = %(id)s;
