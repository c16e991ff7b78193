-- Per-radio client counts of one batch of polls (collector/db/sample_rows.py).
COPY ap_radio_sample (time, ap_id, radio, band, channel, clients) FROM STDIN
