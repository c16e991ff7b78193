-- Sensed footfall from 802.11 probe requests (issue 20). docs/metrics.md "Sensed footfall".
-- probe_sighting: one probing transmitter per site and clock hour, kept only for the current local
-- day: kunang_refresh_probes() sums each day into probe_hourly/probe_daily and deletes the day's
-- sightings once it is over. No raw MAC and no probed SSID exists anywhere: `device` is a pseudonym
-- under a key that changes every local day, `link` the install's pseudonym of the same MAC
-- (client_session.device), used only to find the day's visitors among the probing devices.
CREATE TABLE probe_sighting (
    site_id        integer NOT NULL REFERENCES site (id),
    hour           timestamptz NOT NULL,
    device         text NOT NULL CHECK (length(device) = 32),
    link           text NOT NULL CHECK (length(link) = 32),
    randomized     boolean NOT NULL,
    frames         integer NOT NULL CHECK (frames > 0),
    strong         integer NOT NULL,                  -- frames at or above the RSSI threshold (or no-signal policy)
    no_signal      integer NOT NULL,                  -- frames without a radiotap signal field
    first_strong   timestamptz,
    last_strong    timestamptz,
    max_rssi       smallint,
    rssi_threshold smallint NOT NULL,
    min_dwell_s    integer NOT NULL,
    PRIMARY KEY (site_id, hour, device)
);

-- Per site and clock hour with any probe sighting. Estimates, see docs/metrics.md.
CREATE TABLE probe_hourly (
    site_id        integer NOT NULL REFERENCES site (id),
    hour           timestamptz NOT NULL,
    probing        integer NOT NULL,   -- distinct probing devices (any signal)
    nearby         integer NOT NULL,   -- probing devices passing the RSSI threshold and the day's dwell
    randomized     integer NOT NULL,   -- nearby devices with a locally administered (randomised) MAC
    matched        integer NOT NULL,   -- nearby devices whose MAC is a visitor's of that day
    passers_by     integer NOT NULL,   -- nearby - matched
    visitors       integer NOT NULL,   -- devices in a client session of the site in the hour
    connected      integer NOT NULL,   -- visitors associated with an AP of the site (SNMP client tables)
    frames         integer NOT NULL,
    no_signal      integer NOT NULL,
    rssi_threshold smallint NOT NULL,
    min_dwell_s    integer NOT NULL,
    PRIMARY KEY (site_id, hour)
);

-- Per site and local day with any probe sighting; distinct devices of the day (not sums of hours).
CREATE TABLE probe_daily (
    site_id        integer NOT NULL REFERENCES site (id),
    day            date NOT NULL,
    hours          integer NOT NULL,   -- hours with a sighting (the sensor listened)
    probing        integer NOT NULL,
    nearby         integer NOT NULL,
    randomized     integer NOT NULL,
    matched        integer NOT NULL,
    passers_by     integer NOT NULL,
    visitors       integer NOT NULL,   -- distinct devices in a client session during those hours
    connected      integer NOT NULL,
    rssi_threshold smallint NOT NULL,
    min_dwell_s    integer NOT NULL,
    PRIMARY KEY (site_id, day)
);
