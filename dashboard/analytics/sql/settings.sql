-- Analytics settings recorded by the collector (kunang_configure_analytics).
SELECT key, value FROM kunang_meta
WHERE key LIKE 'analytics.%%' OR key IN ('privacy.rotating_salt', 'snmp.poll_interval_s', 'storage_mode');
