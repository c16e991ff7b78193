-- TimescaleDB: compress chunks older than compress_after (timescale.desired_policies)
SELECT add_compression_policy(%(relation)s, compress_after => %(compress_after)s);
