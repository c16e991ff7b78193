"""Start/stop real SNMP agents on loopback for tests and the benchmark: snmpsim and net-snmp snmpd."""

from __future__ import annotations

import bz2
import contextlib
import fcntl
import hashlib
import marshal
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import snmpsim_data

from tests.ports import free_port, udp_bound
from tests.snmp.cases import SNMPSIM_DATA
from tests.snmp.snmpsim_agent import snmpsim_command, snmpsim_env

REPO = Path(__file__).resolve().parents[2]
OWN_RECORDINGS = REPO / "tests" / "data" / "snmprec"


def free_udp_port() -> int:
    return free_port("udp")


# A stable place for recordings and snmpsim's indexes: snmpsim keeps an index (.dbm) per recording
# and rebuilds it only when the recording changes, so the big snmpsim-data walks (550k+ lines)
# are indexed once per machine instead of once per test session.
STABLE_ROOT = Path(os.environ.get("KUNANG_SNMPSIM_DIR", "/tmp/kunang-snmpsim"))


def stable_data_dir() -> Path:
    """The stable recordings folder of this tree's recordings: named by their contents, so two
    checkouts with different recordings (a branch, an older clone) never rewrite each other's files
    under a running agent; the snmpsim-data walks are copied once per such folder."""
    h = hashlib.sha256()
    for f in sorted(OWN_RECORDINGS.glob("*.snmprec")):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return STABLE_ROOT / f"data-{h.hexdigest()[:12]}"


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return  # keep the mtime: snmpsim's index stays valid
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)  # a running agent keeps reading the file it opened


@contextlib.contextmanager
def stable_root_lock():
    """Exclusive use of STABLE_ROOT: pytest-xdist workers, a background index build and other engineers'
    test runs share it, and two writers of one recording or index would corrupt it."""
    STABLE_ROOT.mkdir(parents=True, exist_ok=True)
    with open(STABLE_ROOT / ".lock", "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def prepare_data_dir(data_dir: Path | None = None, include_snmpsim_data: bool = True, extra: dict[str, str] | None = None) -> Path:
    """Recordings in `data_dir` (default: the stable one, indexed by `build_indexes`, under its lock)."""
    if data_dir is None:
        with stable_root_lock():
            data_dir = _prepare(stable_data_dir(), include_snmpsim_data, extra)
            build_indexes(data_dir, STABLE_ROOT / "cache")
        return data_dir
    return _prepare(data_dir, include_snmpsim_data, extra)


def _prepare(data_dir: Path, include_snmpsim_data: bool, extra: dict[str, str] | None) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    for f in OWN_RECORDINGS.glob("*.snmprec"):
        _write_if_changed(data_dir / f.name, f.read_bytes())
    for name, text in (extra or {}).items():
        _write_if_changed(data_dir / f"{name}.snmprec", text.encode())
    if include_snmpsim_data:
        root = Path(snmpsim_data.__file__).parent / "data"
        for name, rel in SNMPSIM_DATA.items():
            target = data_dir / f"{name}.snmprec"
            stamp = data_dir / f".{name}.source"
            # the walk's name and size, not its file time: another checkout's venv holds the same walk
            # with another mtime, and rewriting it would pull it from under that checkout's running agent
            source_id = f"{rel} {(root / rel).stat().st_size}"
            if target.exists() and stamp.exists() and stamp.read_text() == source_id:
                continue
            tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
            with bz2.open(root / rel, "rb") as src, open(tmp, "wb") as dst:
                shutil.copyfileobj(src, dst)
            os.replace(tmp, target)  # a running agent keeps reading the file it opened
            stamp.write_text(source_id)
    return data_dir


def _index_base(recording: Path, cache_dir: Path) -> Path:
    """Where snmpsim keeps the index of `recording` (snmpsim.record.search.database.RecordIndex)."""
    stem = str(recording)[: str(recording).rindex(os.path.extsep)] + os.path.extsep + "dbm"
    return cache_dir / os.path.splitdrive(stem)[1].replace(os.path.sep, "_")


def _index_fresh(recording: Path, cache_dir: Path) -> bool:
    # snmpsim's own test: the first of .db/.dat/(none) that exists is newer than the recording (whole seconds)
    base = _index_base(recording, cache_dir)
    if not Path(f"{base}.marshal").exists():  # built before tests/snmp/snmpsim_agent.py read those
        return False
    for f in (Path(f"{base}.db"), Path(f"{base}.dat"), base):
        if f.exists():
            return int(recording.stat().st_mtime) < int(f.stat().st_mtime)
    return False


class _PackedIndexWriter:
    """A write-only stand-in for the dbm module while snmpsim builds an index: keeps the index in memory
    and writes it at close in the file format of dbm.dumb (what snmpsim reads it with on this Python),
    values packed instead of 512-byte aligned. dbm.dumb itself reopens both files for every key:
    minutes for the 640k-line recordings on a cold machine, against seconds this way."""

    def __init__(self, base: str) -> None:
        self.base, self.items = base, {}

    def __setitem__(self, key, value) -> None:
        self.items[key] = value

    def close(self) -> None:
        dat, lines, index = bytearray(), [], {}
        for key, value in self.items.items():
            k = key.encode() if isinstance(key, str) else key
            v = value.encode() if isinstance(value, str) else value
            lines.append("%r, %r\n" % (k.decode("Latin-1"), (len(dat), len(v))))
            index[k] = (len(dat), len(v))
            dat += v
        directory = "".join(lines).encode("Latin-1")
        # the .dir's dict also in marshal form, read by tests/snmp/snmpsim_agent.py in a fraction of a
        # second where dbm.dumb parses the .dir line by line (16 s for cisco-controller at load 10)
        packed = marshal.dumps((hashlib.sha256(directory).hexdigest(), index))
        # .dir first, .dat last: snmpsim judges freshness by the .dat file
        for suffix, data in ((".marshal", packed), (".dir", directory), (".dat", bytes(dat))):
            tmp = Path(f"{self.base}{suffix}.tmp-{os.getpid()}")
            tmp.write_bytes(data)
            os.replace(tmp, f"{self.base}{suffix}")
        Path(f"{self.base}.bak").unlink(missing_ok=True)


def _build_index(recording: str, cache_dir: str) -> None:
    import types

    from snmpsim import confdir
    from snmpsim.record.search import database
    from snmpsim.record.snmprec import SnmprecRecord

    confdir.cache = cache_dir
    real_dbm = database.dbm
    database.dbm = types.SimpleNamespace(open=lambda base, flags="r": _PackedIndexWriter(base))
    try:
        database.RecordIndex(recording, SnmprecRecord()).create(force_index_build=True)
    finally:
        database.dbm = real_dbm
    # a recording written in the same second as its index would look newer to snmpsim (whole seconds)
    stamp = max(time.time(), Path(recording).stat().st_mtime + 2)
    for suffix in (".dir", ".dat"):
        os.utime(f"{_index_base(Path(recording), Path(cache_dir))}{suffix}", (stamp, stamp))


def build_indexes(data_dir: Path, cache_dir: Path) -> list[str]:
    """Build snmpsim's index of every recording in `data_dir` that lacks a fresh one, the big ones in
    parallel processes; returns the recordings indexed. Call it under `stable_root_lock` for shared dirs."""
    import concurrent.futures
    import multiprocessing

    cache_dir.mkdir(parents=True, exist_ok=True)
    for leftover in cache_dir.glob("*.tmp-*"):  # of a build stopped half-way
        leftover.unlink(missing_ok=True)
    stale = [str(f) for f in sorted(data_dir.glob("*.snmprec"), key=lambda f: -f.stat().st_size)
             if not _index_fresh(f, cache_dir)]
    if len(stale) > 1:
        ctx = multiprocessing.get_context("spawn")  # not fork: callers may be threaded test processes
        with concurrent.futures.ProcessPoolExecutor(min(len(stale), os.cpu_count() or 1), mp_context=ctx) as pool:
            for f in [pool.submit(_build_index, r, str(cache_dir)) for r in stale]:
                f.result()
    elif stale:
        _build_index(stale[0], str(cache_dir))
    return stale


def snmpsim_binary() -> str:
    return str(Path(sys.executable).with_name("snmpsim-command-responder"))



def wait_for_agent(port: int, community: str, deadline_s: float) -> None:
    """Until the agent answers a GET sysDescr, on readiness, not time: its socket bound (a request sent before is
    lost), then a request with a generous timeout (snmpsim opens a big recording's index at its first: seconds)."""
    import asyncio

    from collector.snmp.client import SnmpSession, close_engine, new_engine
    from collector.snmp.errors import SnmpError
    from collector.snmp.model import SnmpTarget

    async def probe(timeout_s: float) -> bool:
        engine = new_engine()
        try:
            async with await SnmpSession.open(SnmpTarget("127.0.0.1", port, community=community,
                                                         timeout_s=timeout_s, retries=0), engine) as s:
                await s.get([(1, 3, 6, 1, 2, 1, 1, 1, 0)])
            return True
        except SnmpError:
            return False
        finally:
            close_engine(engine)

    end = time.monotonic() + deadline_s
    while udp_bound(port) is False and time.monotonic() < end:
        time.sleep(0.05)
    while time.monotonic() < end:
        if asyncio.run(probe(max(1.0, min(10.0, end - time.monotonic())))):
            return
        time.sleep(0.2)
    raise RuntimeError(f"SNMP agent on 127.0.0.1:{port} did not answer within {deadline_s:.0f} s")


class Agent:
    def __init__(self, proc: subprocess.Popen, port: int, log: Path) -> None:
        self.proc, self.port, self.log = proc, port, log

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_snmpsim(data_dir: Path, work: Path, port: int | None = None, probe_community: str = "openwrt",
                  deadline_s: float = 900.0, cache_dir: Path | None = None) -> Agent:
    """snmpsim serving `data_dir` (community = file name); waits until it answers (it indexes
    every recording at start-up: minutes the first time for the big ones, seconds afterwards)."""
    port = port or free_udp_port()
    work.mkdir(parents=True, exist_ok=True)
    log = work / "snmpsim.log"
    env = snmpsim_env()
    cache_dir = cache_dir or STABLE_ROOT / "cache"
    proc = subprocess.Popen(
        [*snmpsim_command(), f"--data-dir={data_dir}", f"--cache-dir={cache_dir}",
         f"--agent-udpv4-endpoint=127.0.0.1:{port}", f"--logging-method=file:{log}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    agent = Agent(proc, port, log)
    try:
        wait_for_agent(port, probe_community, deadline_s)
    except Exception:
        agent.stop()
        raise
    return agent


def start_snmpd(work: Path, port: int | None = None) -> Agent:
    """net-snmp snmpd with community `kunang` and v3 users `kunangv3` (SHA / AES-128) and
    `kunang256` (SHA-256 / AES-256), both authPriv. No SMUX (port 199 may be taken)."""
    port = port or free_udp_port()
    work.mkdir(parents=True, exist_ok=True)
    conf = work / "snmpd.conf"
    conf.write_text(
        f"agentaddress udp:127.0.0.1:{port}\n"
        "rocommunity kunang 127.0.0.1\n"
        "createUser kunangv3 SHA authpass123 AES privpass123\n"
        "createUser kunang256 SHA-256 authpass256 AES-256 privpass256\n"
        "rouser kunangv3 priv\n"
        "rouser kunang256 priv\n"
    )
    log = work / "snmpd.log"
    env = dict(os.environ, SNMP_PERSISTENT_DIR=str(work / "persist"), MIBS="")
    proc = subprocess.Popen(
        [shutil.which("snmpd") or "/usr/sbin/snmpd", "-f", "-Lf", str(log), "-I", "-smux", "-C", "-c", str(conf), "-p", str(work / "pid")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    agent = Agent(proc, port, log)
    try:
        wait_for_agent(port, "kunang", 30)
    except Exception:
        agent.stop()
        raise
    return agent


if __name__ == "__main__":
    # `python -m tests.snmp.simulator`: recordings and indexes of the stable dir (the suite starts this
    # in the background at the start of a run, so the snmpsim fixture rarely waits for them)
    built = []
    with stable_root_lock():
        data = _prepare(stable_data_dir(), True, None)
        built = build_indexes(data, STABLE_ROOT / "cache")
    print(f"snmpsim indexes: {len(built)} built in {STABLE_ROOT}")
