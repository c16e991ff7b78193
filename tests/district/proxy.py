"""A small impairment proxy for TCP (the kernel's netem is not available here): latency per
chunk, stalls (nothing forwarded for a while), resets (every connection closed with RST), and
the bytes it carried each way - the WAN bytes of bench/district.py. Runs its own event loop in
a thread; `start()`/`stop()` own it. `sock`: a bound socket to listen on instead of `listen` (one
opened in another network namespace, tests/district/netns.py; the target is reached from here)."""

from __future__ import annotations

import asyncio
import socket
import struct
import threading


class ImpairedProxy:
    def __init__(self, listen: tuple[str, int] | None, target: tuple[str, int], latency_s: float = 0.0,
                 sock: socket.socket | None = None) -> None:
        self.listen, self.target, self._sock = listen, target, sock
        if sock is not None:
            self.listen = sock.getsockname()[:2]
        self.latency_s = latency_s
        self.bytes_up = 0  # client -> target (edge -> hub)
        self.bytes_down = 0
        self.connections = 0
        self.resets = 0
        self._flowing: asyncio.Event | None = None
        self._loop = asyncio.new_event_loop()
        self._server = None
        self._writers: set = set()
        self._thread = threading.Thread(target=self._loop.run_forever, name="impaired-proxy", daemon=True)

    def start(self) -> "ImpairedProxy":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    async def _start(self) -> None:
        self._flowing = asyncio.Event()
        self._flowing.set()
        if self._sock is not None:
            self._server = await asyncio.start_server(self._handle, sock=self._sock)
        else:
            self._server = await asyncio.start_server(self._handle, *self.listen, reuse_address=True)

    async def _handle(self, reader, writer) -> None:
        try:
            up_r, up_w = await asyncio.open_connection(*self.target)
        except OSError:
            self._abort(writer)
            return
        self.connections += 1
        self._writers |= {writer, up_w}

        async def pump(r, w, up: bool) -> None:
            try:
                while True:
                    data = await r.read(65536)
                    if not data:
                        break
                    if self.latency_s:
                        await asyncio.sleep(self.latency_s)
                    await self._flowing.wait()
                    if up:
                        self.bytes_up += len(data)
                    else:
                        self.bytes_down += len(data)
                    w.write(data)
                    await w.drain()
            except (OSError, asyncio.IncompleteReadError):
                pass
            finally:
                self._abort(w)

        await asyncio.gather(pump(reader, up_w, True), pump(up_r, writer, False))
        self._writers -= {writer, up_w}

    def _abort(self, writer) -> None:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass
        writer.transport.abort()

    def _call(self, fn) -> None:
        async def run():
            fn()
        asyncio.run_coroutine_threadsafe(run(), self._loop).result(10)

    def stall(self, on: bool = True) -> None:
        """Hold every byte (both ways) until stall(False): a link that is up but carries nothing."""
        self._call(self._flowing.clear if on else self._flowing.set)

    def reset(self) -> None:
        """Close every connection with a TCP reset (a NAT box forgetting its mappings)."""
        def do():
            self.resets += 1
            for w in list(self._writers):
                self._abort(w)
        self._call(do)

    def stop(self) -> None:
        async def close():
            if self._server is not None:
                self._server.close()
            for w in list(self._writers):
                self._abort(w)
        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
