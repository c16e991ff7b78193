-- DHCP lease events give member logins their device (issue 22, docs/metrics.md "Identified portal
-- sessions", docs/portal.md "DHCP lease lines"): a MikroTik Hotspot member login names a user and an
-- IP only; the router's DHCP server logs which MAC held that IP from when (topic dhcp,info).
-- * portal_event keeps the lease events (kinds dhcp_assigned / dhcp_deassigned, the MAC as the
--   device pseudonym, the IP): durable, deduplicated and quarantined like every portal line, in
--   whatever order they arrive beside the logins;
-- * portal_session.device_via = 'dhcp': the session's device comes from the lease that covered its
--   IP at its start (collector/portal/sql/attach_leases.sql), not from its own lines; recomputed when
--   a lease event arrives late, never written over by the session's own (MAC-less) lines.
ALTER TABLE portal_event DROP CONSTRAINT IF EXISTS portal_event_kind_check;
ALTER TABLE portal_event ADD CONSTRAINT portal_event_kind_check
    CHECK (kind IN ('login', 'logout', 'login_failed', 'accounting_start', 'accounting_interim', 'accounting_stop',
                    'other', 'dhcp_assigned', 'dhcp_deassigned'));
CREATE INDEX portal_event_lease_idx ON portal_event (site_id, ip, time)
    WHERE kind IN ('dhcp_assigned', 'dhcp_deassigned');

ALTER TABLE portal_session ADD COLUMN device_via text CHECK (device_via IN ('dhcp'));
CREATE INDEX portal_session_site_ip_idx ON portal_session (site_id, ip, started_at) WHERE ip IS NOT NULL;
