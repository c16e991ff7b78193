"""The capture loop: a pcap replayed through the sensor reaches its handlers, the BPF filter applies,
flushes follow packet time, and a handler's bug is counted, never the end of the capture."""

from __future__ import annotations

from scapy.layers.inet import IP, TCP, UDP
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
        q = Ether() / IP(dst="10.0.0.9") / TCP(dport=80)
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
