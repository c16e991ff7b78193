"""`kunang sense IFACE | --pcap FILE [--json]`: try the passive sensor, printing arrivals and departures.

Stores nothing. Devices are shown as pseudonyms (the configured privacy key when a configuration file
is found, else a key of this run only), and raw MACs and hostnames only where the operator opted in to
raw identifiers. Progress goes to stderr every few seconds; Ctrl-C stops cleanly with a summary.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time

log = logging.getLogger("kunang.sense")


def add_arguments(p) -> None:
    p.add_argument("interface", nargs="?", help="interface to capture on (root or CAP_NET_RAW)")
    p.add_argument("--pcap", help="read a capture file instead of an interface")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--kinds", default="dhcp,arp", help="what to sense: dhcp, arp, probes (comma-separated)")
    p.add_argument("--site", default="(sense)", help="site name shown in the records")
    p.add_argument("--arp-silence", type=int, default=900, metavar="S",
                   help="a device leaves S seconds after its last packet (default 900)")
    p.add_argument("--lease-fallback", type=int, default=3600, metavar="S",
                   help="lease assumed when no ACK with a lease time was seen (default 3600)")
    p.add_argument("--rssi-threshold", type=int, default=-75, metavar="DBM",
                   help="probes: frames weaker than this do not make a device nearby (default -75)")
    p.add_argument("--min-dwell", type=int, default=0, metavar="S", help="probes: minimum dwell of a device")
    p.add_argument("--progress", type=float, default=5.0, metavar="S", help="progress on stderr every S seconds")


def _pseudo(args):
    from collector.config import load_config, resolve_path
    from collector.privacy import Pseudonymizer, from_config

    if resolve_path(getattr(args, "config", None)) is not None:
        return from_config(load_config(getattr(args, "config", None)))
    import secrets

    print("kunang sense: no configuration file: pseudonyms of this run only / tanpa berkas konfigurasi: "
          "pseudonim hanya berlaku untuk sesi ini", file=sys.stderr)
    return Pseudonymizer(secrets.token_bytes(32))


def run(args) -> int:
    from collector.config.sensors import SensorConfig
    from collector.errors import KunangError
    from collector.sensing.sensor import Sensor
    from collector.sensing.service import build_handlers

    if (args.interface is None) == (args.pcap is None):
        raise KunangError("name an interface or --pcap FILE / sebutkan interface atau --pcap BERKAS")
    try:
        sc = SensorConfig(name="sense", site=args.site, interface=args.interface, pcap=args.pcap,
                          kinds=[k.strip() for k in args.kinds.split(",") if k.strip()],
                          arp_silence_s=args.arp_silence, lease_fallback_s=args.lease_fallback,
                          rssi_threshold=args.rssi_threshold, min_dwell_s=args.min_dwell)
    except ValueError as exc:
        raise KunangError(str(exc).splitlines()[-1] if str(exc) else "bad options") from None
    seen: set[int] = set()
    out = sys.stdout

    def sink(handler: str, records: list) -> None:
        for r in records:
            if not hasattr(r, "session_no"):  # another handler's records (probes): shown as they are
                out.write((json.dumps({"handler": handler, **_fields(r)}, sort_keys=True, default=str)
                           if args.json else f"{handler}: {_fields(r)}") + "\n")
                continue
            no = r.session_no
            events = [] if no in seen else ["arrive"]
            if getattr(r, "closed", False):
                events.append("leave")
            seen.add(no)
            for event in events:
                _print(event, handler, r)

    def _print(event: str, handler: str, r) -> None:
        if args.json:
            d = {"event": event, "handler": handler, **_fields(r)}
            out.write(json.dumps(d, sort_keys=True) + "\n")
        else:
            when = time.strftime("%H:%M:%S", time.localtime(r.last_seen if event == "leave" else r.first_seen))
            extra = f" ({r.left})" if event == "leave" and r.left else ""
            out.write(f"{when} {event:6} {r.device[:12]} {r.device_type or '-'}"
                      f"{' ' + r.mac_raw if r.mac_raw else ''}{' ' + r.hostname if r.hostname else ''}{extra}\n")
        out.flush()

    import signal

    def _term(_sig, _frame):  # a service manager's stop: the same clean end as Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _term)
    sensor = Sensor(build_handlers(sc, _pseudo(args), "UTC"), sink=sink, name="sense")
    stop = threading.Event()
    progress = threading.Thread(target=_progress, args=(sensor, stop, args.progress), daemon=True)
    if args.progress > 0:
        progress.start()
    try:
        if args.pcap:
            try:
                sensor.run_pcap(args.pcap, stop)
            except (OSError, ValueError) as exc:
                raise KunangError(f"{args.pcap}: {exc}") from None
        else:
            worker = threading.Thread(target=_live, args=(sensor, args.interface, stop), daemon=True)
            worker.start()
            while worker.is_alive():
                worker.join(0.2)
            if getattr(sensor, "error", None):
                raise KunangError(f"{args.interface}: {sensor.error}")
    except KeyboardInterrupt:
        stop.set()
        if not args.pcap:
            worker.join(5)
        print("kunang sense: stopped / dihentikan", file=sys.stderr)
    finally:
        stop.set()
        _summary(sensor)
    return 0


def _live(sensor, iface: str, stop: threading.Event) -> None:
    try:
        sensor.run_live(iface, stop)
    except (OSError, ValueError) as exc:
        sensor.error = getattr(exc, "strerror", None) or str(exc)


def _fields(r) -> dict:
    from dataclasses import asdict, is_dataclass

    return {k: v for k, v in (asdict(r) if is_dataclass(r) else dict(r)).items() if v is not None}


def _line(sensor) -> str:
    c = sensor.all_counters()
    parts = [f"packets {c['sensor']['packets']}"]
    for name, hc in c.items():
        if name != "sensor":
            parts.append(name + " " + " ".join(f"{k}={v}" for k, v in hc.items()))
    return "; ".join(parts)


def _progress(sensor, stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        print(f"kunang sense: {_line(sensor)}", file=sys.stderr, flush=True)


def _summary(sensor) -> None:
    print(f"kunang sense: {_line(sensor)}", file=sys.stderr, flush=True)
