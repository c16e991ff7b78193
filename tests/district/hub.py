"""A NATS server with JetStream that a test owns: its own port, store directory and process;
stopped and started again at will (a hub restart). Never the machine's 4222."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.ports import free_port

NATS_SERVER = shutil.which("nats-server") or "/usr/sbin/nats-server"


class Hub:
    def __init__(self, host: str = "127.0.0.1", port: int | None = None, conf: str = "") -> None:
        self.host = host
        self.port = port or free_port(host=host)
        self.base = Path(tempfile.mkdtemp(prefix="kunang-nats-"))
        self.conf = conf
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"nats://{self.host}:{self.port}"

    def start(self, timeout: float = 15) -> "Hub":
        cfg = self.base / "nats.conf"
        cfg.write_text(f'listen: "{self.host}:{self.port}"\njetstream {{ store_dir: "{self.base / "js"}" }}\n'
                       f"{self.conf}\n")
        log = open(self.base / "nats.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen([NATS_SERVER, "-c", str(cfg)], stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.base / "nats.log").read_text()[-2000:]
            try:
                socket.create_connection((self.host, self.port), timeout=0.5).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"nats-server did not listen on {self.url}")

    def stop(self, kill: bool = False) -> None:
        if self.proc is not None and self.proc.poll() is None:
            (self.proc.kill if kill else self.proc.terminate)()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)
