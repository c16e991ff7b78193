"""A simulated library Wi-Fi fleet: one deterministic model of a library's day drives
real SNMP agents on loopback, hotspot logs, ground truth and history backfill.

Modules:
- `rand`: seeded random streams keyed by names (so any day of any site is reproducible alone).
- `clock`: simulated time (`SimClock` for live runs, `ManualClock` for tests).
- `fleet`: which sites and APs exist (vendors, ports, MACs) and the kunang.yaml that polls them.
- `day`: visits of one site on one day (arrivals, dwell, roaming, devices, logins).
- `events`: reboots, AP outages, uplink losses.
- `model`: the state of every AP at any instant (clients, counters, uptime, reachability).
- `mibs`: that state rendered as each vendor's MIB (sorted OID -> value).
- `agent`: pysnmp command responders serving those MIBs, one UDP port per agent.
- `portal`: MikroTik Hotspot syslog lines and the openNDS BinAuth log of the same visits.
- `truth`: what was simulated, as JSON lines, and the session rules applied to it.
- `backfill`: a month of history written through the PollStore from the same model.
"""
