"""The capture loop: a pcap replayed through the sensor reaches its handlers, the BPF filter applies,
flushes follow packet time, and a handler's bug is counted, never the end of the capture."""

from __future__ import annotations

from scapy.layers.inet import IP, TCP
from scapy.layers.l2 import ARP, Ether
from scapy.utils import wrpcap

from collector.sensing.sensor import PacketHandler, Sensor, combined_filter


class Recorder:
    name = "recorder"
    bpf = "arp"

    def __init__(self):
        self.counters = {"seen": 0}
        self.times: list[float] = []
        self.flushes: list[float] = []

    def handle(self, pkt, ts):
        self.counters["seen"] += 1
        self.times.append(ts)

    def flush(self, now):
        self.flushes.append(now)
        return [len(self.times)]


class Broken(Recorder):
    name = "broken"

    def handle(self, pkt, ts):
        raise RuntimeError("a bug")


def _pcap(tmp_path):
    pkts = []
    for i in range(10):
        p = Ether(src="02:00:00:00:00:01") / ARP(psrc="10.0.0.1", pdst="10.0.0.2")
        p.time = 1000.0 + i
        pkts.append(p)
        q = Ether(dst="02:00:00:00:00:02") / IP(dst="10.0.0.9") / TCP(dport=80)  # no ARP on the real network
        q.time = 1000.5 + i
        pkts.append(q)
    path = tmp_path / "mixed.pcap"
    wrpcap(str(path), pkts)
    return path


def test_filter_fragments_are_ored():
    class H(Recorder):
        bpf = "udp port 67"
    assert combined_filter([Recorder(), H()]) == "(arp) or (udp port 67)"
    assert combined_filter([Recorder()]) == "arp"
    assert isinstance(Recorder(), PacketHandler)


def test_pcap_replay_filters_and_flushes_in_packet_time(tmp_path):
    rec, broken = Recorder(), Broken()
    got = []
    sensor = Sensor([rec, broken], sink=lambda name, records: got.append((name, records)), flush_every_s=3)
    sensor.run_pcap(str(_pcap(tmp_path)))
    assert rec.counters["seen"] == 10  # the TCP packets never reached Python
    assert rec.times[0] == 1000.0 and rec.times[-1] == 1009.0
    assert rec.flushes[0] == 1003.0 and rec.flushes[-1] == 1009.0
    assert sensor.counters["handler_errors"] == 10  # the broken handler: counted, the capture went on
    assert ("recorder", [10]) in got


def test_pcap_replay_without_filter_sees_everything(tmp_path):
    rec = Recorder()
    Sensor([rec]).run_pcap(str(_pcap(tmp_path)), use_filter=False)
    assert rec.counters["seen"] == 20


def test_raw_and_dissected_paths_agree(tmp_path):
    """LanPresence reads Ethernet bytes itself (no scapy dissection); beside a handler that wants scapy
    packets it gets the dissected packet instead, with the same outcome."""
    from collector.privacy import Pseudonymizer
    from collector.sensing.lan import LanPresence
    from tests.sensing.packets import dhcp

    frames = [dhcp("3c:22:fb:50:00:01", "discover", ("vendor_class_id", b"MSFT 5.0")),
              dhcp("3c:22:fb:50:00:01", "ack", ("lease_time", 60), server=True, yiaddr="10.9.0.5"),
              Ether(src="3c:22:fb:50:00:02") / ARP(hwsrc="3c:22:fb:50:00:02", psrc="10.9.0.6", pdst="10.9.0.1"),
              Ether(bytes(dhcp("3c:22:fb:50:00:03", "request"))[:200])]  # cut: malformed
    for i, f in enumerate(frames):
        f.time = 5000.0 + i
    path = tmp_path / "lan.pcap"
    wrpcap(str(path), frames)
    outcomes = []
    for extra in ([], [Recorder()]):
        lan = LanPresence(site="s", pseudo=Pseudonymizer(b"k" * 32))
        got = []
        sensor = Sensor([lan, *extra], sink=lambda name, recs: got.extend(r for r in recs if name == "lan"))
        assert sensor.raw_for("Ether") is (not extra)
        sensor.run_pcap(str(path))
        outcomes.append((dict(lan.counters), sorted((r.device, r.device_type) for r in got)))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0]["malformed"] == 1 and outcomes[0][0]["arrivals"] == 2
