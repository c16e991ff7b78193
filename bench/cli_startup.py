"""`kunang` start-up: CPU and wall time of `kunang --help` and of other commands' `--help`, each run
as its own process (the real console script), best and median of --runs.

    .venv/bin/python bench/cli_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMMANDS = [["--help"], ["poll", "--help"], ["collect", "--help"], ["db", "--help"], ["parse-log", "--help"],
            ["simulate", "--help"], ["report", "--help"]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    exe = shutil.which("kunang", path=str(Path(sys.executable).parent)) or shutil.which("kunang")
    cmd0 = [exe] if exe else [sys.executable, "-m", "collector"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    print(f"load average {os.getloadavg()[0]:.2f}; {' '.join(cmd0)}; python {sys.version.split()[0]}")
    base_cpu, base_wall = [], []
    for _ in range(args.runs):  # the interpreter alone, for reference
        r0, w0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        base_wall.append(time.perf_counter() - w0)
        base_cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    print(f"{'python -c pass':24s} CPU best {min(base_cpu) * 1000:6.0f} ms  median {statistics.median(base_cpu) * 1000:6.0f} ms   "
          f"wall best {min(base_wall) * 1000:6.0f} ms  median {statistics.median(base_wall) * 1000:6.0f} ms")
    for argv in COMMANDS:
        cpu, wall = [], []
        for _ in range(args.runs):
            r0, w0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            subprocess.run(cmd0 + argv, check=True, env=env, stdout=subprocess.DEVNULL)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall.append(time.perf_counter() - w0)
            cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        print(f"{'kunang ' + ' '.join(argv):24s} CPU best {min(cpu) * 1000:6.0f} ms  median {statistics.median(cpu) * 1000:6.0f} ms   "
              f"wall best {min(wall) * 1000:6.0f} ms  median {statistics.median(wall) * 1000:6.0f} ms")
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
