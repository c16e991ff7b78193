-- Passive LAN sensing (issue 20, docs/sensing.md): devices seen by DHCP and ARP become client sessions of
-- their site like SNMP sightings, with the same pseudonym in `device`.
-- * source: who saw the session: 'snmp' (the poller's sessionizer, collector/wifi_sessions.py) or 'lan'
--   (a sensor, collector/sensing/lan.py). The sessionizer restores only its own open sessions.
-- * device_type: from the DHCP fingerprint (collector/sensing/fingerprints.yaml); only the type is kept.
-- * hostname: the DHCP host-name option, only with privacy.store_raw_identifiers (like mac_raw).
ALTER TABLE client_session
    ADD COLUMN source text NOT NULL DEFAULT 'snmp',
    ADD COLUMN device_type text CHECK (device_type IN ('phone', 'laptop', 'tablet', 'other')),
    ADD COLUMN hostname text;
