-- Figures that say what they measure (issue 22, docs/metrics.md "Persons", "Blind spots",
-- "Returning: the look-back window", "Dwell resolution"):
-- * ap.client_rows: what an AP's profile tells about clients (clients | counts | none), written by
--   the collector after each successful poll;
-- * per site-day: coverage of the client-level figures (APs without client rows do not cover),
--   the blind APs by name, whether sessions/dwell/visitors are incomplete for that reason;
-- * estimated persons beside the device count, with a range;
-- * returning share on visitors with a stable identity, and the history the look-back has;
-- * the poll interval the day's dwell times were measured with.
-- * visits and visitors no source saw, estimated by capture-recapture (Lincoln-Petersen): the AP
--   polls and the portal are two independent "captures" of a visit; of the visits only one source
--   saw, snmp_only x portal_only / both were seen by neither (assumes logging in does not depend on
--   which AP the device is on).
-- kunang_refresh_accuracy(p_from, p_to) (collector/db/functions/accuracy.sql) fills them after
-- kunang_refresh_daily.

ALTER TABLE ap ADD COLUMN client_rows text CHECK (client_rows IN ('clients', 'counts', 'none'));

ALTER TABLE site_daily
    ADD COLUMN client_polls_ok     double precision,  -- answered polls of APs that list their clients
    ADD COLUMN client_coverage     double precision,  -- least(1, client_polls_ok / polls_expected)
    ADD COLUMN blind_aps           text[],            -- APs open that day whose profile gives no client rows
    ADD COLUMN incomplete_clients  boolean NOT NULL DEFAULT false, -- client_coverage < C
    ADD COLUMN sessions_unseen     integer,           -- estimated visits neither source saw (capture-recapture)
    ADD COLUMN persons_est         integer,           -- estimated persons among the day's visitors
    ADD COLUMN persons_low         integer,
    ADD COLUMN persons_high        integer,
    ADD COLUMN returning_base      integer,           -- visitors with a stable identity (global MAC)
    ADD COLUMN returning_est       integer,           -- of those, returning
    ADD COLUMN history_days        integer,           -- days since the site's first day with data
    ADD COLUMN dwell_resolution_s  integer;           -- the poll interval the day was measured with
