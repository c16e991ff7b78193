-- Totals of the collector's intake per source (issue 14): lines received, stored,
-- quarantined, parse errors, and every drop that still happens (kernel UDP
-- drops, spool overflow, unknown peers, truncated messages). Written as
-- absolute values from the collector's local totals, so a repeated write is
-- harmless; shown on the data-quality page and by `kunang db info`.
CREATE TABLE intake_counter (
    collector text NOT NULL,
    source    text NOT NULL,
    name      text NOT NULL,
    value     bigint NOT NULL,
    updated   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collector, source, name)
);

-- an alert when a source loses lines (kernel UDP drops, spool overflow)
ALTER TABLE alert DROP CONSTRAINT alert_kind_check;
ALTER TABLE alert ADD CONSTRAINT alert_kind_check CHECK (kind IN ('ap_down', 'site_down', 'network_down',
    'ap_flapping', 'ap_reboot', 'high_load', 'collector_stalled', 'portal_silent', 'lines_dropped'));
