-- library visits (guest-book aggregates) follow retention.rollup_days
DELETE FROM library_visit_hourly WHERE hour < %(before)s
