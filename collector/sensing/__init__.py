"""Passive sensing: packets seen on a library's LAN or radio, reduced to presence.

`sensor.Sensor` captures (a live interface with a kernel BPF filter, or a pcap file) and hands each
packet to its handlers (`sensor.PacketHandler`): `lan.LanPresence` (DHCP and ARP: devices on the LAN),
`probes` (802.11 probe requests, monitor mode). A handler turns packets into records; whoever runs the
sensor (`kunang collect`, `kunang sense`, the edge collector) decides where records go.
Nothing here imports the database: the stores are `lan_store.py` and `probe_store.py`.
"""
