"""The live simulator: agents, hotspot logs, fault announcements and ground truth, until stopped."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
import time
from pathlib import Path

from collector.simulator.agent import AgentFleet
from collector.simulator.portal import PortalEmitter
from collector.simulator.truth import Recorder, TruthWriter

DESCRIBE = {
    "reboot": "{target} at {site} reboots",
    "ap_down": "{target} at {site} loses power",
    "uplink": "{site} loses its uplink (all its APs unreachable)",
}


def _local(t: float, tz) -> str:
    return dt.datetime.fromtimestamp(t, tz).strftime("%a %Y-%m-%d %H:%M:%S")


async def run_live(fleet, model, clock, *, syslog: tuple[str, int], log_dir: str | Path,
                   truth_path: str | Path | None, stop: asyncio.Event, status_every_s: float = 30.0,
                   out=sys.stderr) -> dict:
    writer = TruthWriter(truth_path)
    recorder = Recorder(fleet, writer, gap_s=fleet.config.analytics.session_gap_minutes * 60)
    recorder.model = model
    agents = AgentFleet(fleet, model, clock, on_snapshot=recorder.on_snapshot,
                        hold_s=min(2.0, max(0.2, 5.0 / getattr(clock, "speed", 1.0))))
    emitter = PortalEmitter(fleet, model, syslog=syslog, log_dir=log_dir, recorder=recorder)
    await agents.start()
    ports = [a.port for a in fleet.agents]
    tz = model.tz
    print(f"kunang simulate: {len(fleet.agents)} SNMP agent(s) ({len(fleet.aps)} APs, {len(fleet.sites)} sites) "
          f"on UDP 127.0.0.1:{min(ports)}-{max(ports)}, community {fleet.community!r}", file=out)
    print(f"  hotspot syslog -> {syslog[0]}:{syslog[1]}; openNDS logs in {log_dir}; "
          f"speed x{getattr(clock, 'speed', 1.0):g}; simulated time {_local(clock.now().timestamp(), tz)} "
          f"({tz.key}); Ctrl-C stops", file=out, flush=True)
    portal_task = asyncio.create_task(emitter.run(clock, stop))
    last = clock.now().timestamp()
    next_status = time.monotonic() + status_every_s
    try:
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), 0.5)
            except asyncio.TimeoutError:
                pass
            now = clock.now().timestamp()
            if now > last:
                for e in model.events_between(last, now):
                    if last < e.start <= now:
                        site = fleet.sites[e.site_index].name
                        print(f"  [{_local(e.start, tz)}] event: "
                              + DESCRIBE[e.kind].format(target=e.target, site=site)
                              + f" for {int(e.end - e.start)} s", file=out, flush=True)
                        writer.write({"type": "event", **e.to_json(), "site": site})
                last = now
            if time.monotonic() >= next_status:
                next_status += status_every_s
                clients = sum(model.agent_state(a, now).clients_total for a in fleet.agents)
                print(f"  [{_local(now, tz)}] {clients} client(s) associated; {agents.requests} SNMP request(s) "
                      f"served; {emitter.sent} hotspot line(s) sent", file=out, flush=True)
                writer.flush()
    finally:
        stop.set()
        await asyncio.gather(portal_task, return_exceptions=True)
        agents.stop()
        emitter.close()
        writer.close()
    return {"requests": agents.requests, "portal_lines": emitter.sent}
