-- Per-SSID client counts of one batch of polls (collector/db/sample_rows.py).
COPY ap_ssid_sample (time, ap_id, ssid, clients) FROM STDIN
