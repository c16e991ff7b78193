"""Probe-request handler benchmark: CPU per probe request (one core), on a realistic mix.

    .venv/bin/python bench/probes.py [--frames 200000] [--devices 3000] [--rounds 3]

The mix: `--devices` transmitters (60 % randomised addresses), signals spread over -95..-30 dBm, 5 % of
frames without a signal field, 2 % malformed (cut short), in one clock hour. Measured with
time.process_time() (CPU of this process, so other load on the machine inflates it less than wall time):

  handle(raw bytes)        the handler on captured bytes (what a sensor passing raw frames costs)
  handle(scapy packet)     the handler on scapy-dissected packets (it reads `pkt.original`)
  scapy dissection         RadioTap(bytes) alone, the reference: what scapy pays per frame before any
                           handler sees it (a sensor that dissects pays this on top)
  flush                    per device-hour: two keyed pseudonyms and a row

Prints a Markdown table with the load average before and after. Ctrl-C stops it cleanly.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from collector.privacy import Pseudonymizer  # noqa: E402
from collector.sensing.probes import ProbeHandler, ProbeSettings  # noqa: E402

T0 = 1_793_000_000.0 - 1_793_000_000.0 % 3600  # an hour's start (fixed: results do not depend on today)


def frames(n: int, devices: int, seed: int = 20) -> list[bytes]:
    from scapy.layers.dot11 import Dot11, Dot11Elt, Dot11EltRates, Dot11ProbeReq, RadioTap
    from scapy.packet import raw

    rng = random.Random(seed)
    with_signal = raw(RadioTap(present="Flags+Rate+Channel+dBm_AntSignal", Flags=0, Rate=2, ChannelFrequency=2437,
                               ChannelFlags="CCK+2GHz", dBm_AntSignal=-50)
                      / Dot11(type=0, subtype=4, addr1="ff:ff:ff:ff:ff:ff", addr2="02:00:00:00:00:00",
                              addr3="ff:ff:ff:ff:ff:ff")
                      / Dot11ProbeReq() / Dot11Elt(ID="SSID", info=b"") / Dot11EltRates(rates=[2, 4, 11, 22, 12, 18, 24, 36]))
    no_signal = raw(RadioTap(present="Flags+Rate+Channel", Flags=0, Rate=2, ChannelFrequency=2437,
                             ChannelFlags="CCK+2GHz")
                    / Dot11(type=0, subtype=4, addr1="ff:ff:ff:ff:ff:ff", addr2="02:00:00:00:00:00",
                            addr3="ff:ff:ff:ff:ff:ff")
                    / Dot11ProbeReq() / Dot11Elt(ID="SSID", info=b"") / Dot11EltRates(rates=[2, 4, 11, 22]))
    macs = [bytes([(0x02 if rng.random() < 0.6 else 0x00) | (rng.randrange(64) << 2)]) + rng.randbytes(5)
            for _ in range(devices)]
    out = []
    for _ in range(n):
        r = rng.random()
        mac = macs[rng.randrange(devices)]
        if r < 0.05:
            b = bytearray(no_signal)
        else:
            b = bytearray(with_signal)
            b[14] = rng.randint(-95, -30) & 0xFF
        rt = b[2] | b[3] << 8
        b[rt + 10:rt + 16] = mac
        if r > 0.98:
            b = b[:rng.randint(1, len(b) - 3)]
        out.append(bytes(b))
    return out


def cpu(fn) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=200_000)
    ap.add_argument("--devices", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--scapy-frames", type=int, default=5_000, help="frames for the (slow) scapy measurements")
    a = ap.parse_args()
    load_before = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["?"] * 3
    pseudo = Pseudonymizer(b"bench-key-0123456789abcdef")
    settings = ProbeSettings(site="bench", rssi_threshold=-75, min_dwell_s=30)
    print(f"building {a.frames:,} frames ...", file=sys.stderr, flush=True)
    data = frames(a.frames, a.devices)
    results: dict[str, list[float]] = {"handle(raw bytes)": [], "handle(scapy packet)": [], "scapy dissection": [],
                                       "flush (per device-hour)": []}
    from scapy.layers.dot11 import RadioTap

    few = data[:a.scapy_frames]
    failures = [0]
    try:
        for rnd in range(a.rounds):
            print(f"round {rnd + 1}/{a.rounds}", file=sys.stderr, flush=True)
            h = ProbeHandler(settings, pseudo)

            def run_raw():
                for i, f in enumerate(data):
                    h.handle(f, T0 + i * 0.01)
            results["handle(raw bytes)"].append(cpu(run_raw) / len(data))
            rows: list = []
            t = cpu(lambda: rows.extend(h.flush(T0 + 7200)))
            results["flush (per device-hour)"].append(t / max(1, len(rows)))
            dissected: list = []

            def dissect():
                for f in few:
                    try:
                        dissected.append(RadioTap(f))
                    except Exception:  # scapy raises on some cut-short radiotap headers (struct.error)
                        failures[0] += 1
            results["scapy dissection"].append(cpu(dissect) / len(few))
            h2 = ProbeHandler(settings, pseudo)

            def run_scapy():
                for i, p in enumerate(dissected):
                    h2.handle(p, T0 + i * 0.01)
            results["handle(scapy packet)"].append(cpu(run_scapy) / len(dissected))
    except KeyboardInterrupt:
        print("interrupted; partial results", file=sys.stderr)
    load_after = open("/proc/loadavg").read().split()[:3] if os.path.exists("/proc/loadavg") else ["?"] * 3
    print(f"\n{a.frames:,} frames, {a.devices:,} transmitters; counters of the last round: "
          f"{ {k: v for k, v in h.counters.items() if v} }")
    print(f"scapy's dissection raised on {failures[0]:,} of {len(few) * a.rounds:,} frames (cut-short radiotap)")
    print(f"load average before {' '.join(load_before)}, after {' '.join(load_after)}\n")
    print("| step | CPU per frame (median of rounds) | frames per CPU-second |")
    print("|---|---:|---:|")
    for name, vals in results.items():
        if vals:
            m = statistics.median(vals)
            print(f"| {name} | {m * 1e6:.2f} µs | {1 / m:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
