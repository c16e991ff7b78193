-- Interface counters of one batch of polls (collector/db/sample_rows.py).
COPY if_sample (time, ap_id, if_index, if_name, in_octets, out_octets, counter_bits, sys_uptime_ticks, oper_up) FROM STDIN
