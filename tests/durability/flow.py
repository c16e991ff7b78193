"""Line senders for the fault tests: UDP, TCP (reconnecting and resending like
rsyslog) and a growing file, each counting the good lines it delivered."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

from tests.durability.poison import POISON_LINES

POISON = [text for text, _ in POISON_LINES.values()]


def line(tag: str, i: int) -> str:
    """A good MikroTik hotspot login, unique per (tag, i)."""
    return (f"<134>Nov 27 10:{i // 60 % 60:02d}:{i % 60:02d} mt hotspot,info,debug {tag}{i} "
            f"(10.5.{i // 250 % 250}.{i % 250 + 1}): logged in")


class Sender(threading.Thread):
    """Sends `rate` lines per second until stopped; a poison line every `poison_every`."""

    def __init__(self, kind: str, target, rate: float = 100.0, poison_every: int = 97, tag: str | None = None) -> None:
        super().__init__(daemon=True, name=f"send-{kind}")
        self.kind, self.target, self.rate, self.poison_every = kind, target, rate, poison_every
        self.tag = tag or kind
        self.good = 0
        self.poison = 0
        self.stop = threading.Event()
        self._sock = None

    def _send(self, text: str) -> None:
        data = text.encode()
        if self.kind == "udp":
            if self._sock is None:
                self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self._sock.sendto(data, self.target)
        elif self.kind == "tcp":
            while not self.stop.is_set() or self._sock is not None:
                try:
                    if self._sock is None:
                        self._sock = socket.create_connection(self.target, timeout=2)
                    self._sock.sendall(data + b"\n")
                    return
                except OSError:  # the collector is away (killed): reconnect and resend, as rsyslog does
                    if self._sock is not None:
                        self._sock.close()
                    self._sock = None
                    if self.stop.is_set():
                        raise
                    time.sleep(0.2)
        else:
            with open(self.target, "ab") as f:
                f.write(data + b"\n")

    def run(self) -> None:
        i = 0
        start = time.monotonic()
        while not self.stop.is_set():
            i += 1
            if self.poison_every and i % self.poison_every == 0:
                self._send(POISON[(i // self.poison_every) % len(POISON)])
                self.poison += 1
            else:
                self._send(line(self.tag, i))
                self.good += 1
            delay = start + i / self.rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        if self._sock is not None:
            self._sock.close()

    def finish(self) -> None:
        self.stop.set()
        self.join(10)


def write_file(path: Path, lines: list[str]) -> None:
    with open(path, "a") as f:
        f.write("".join(x + "\n" for x in lines))
