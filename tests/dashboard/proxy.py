"""A TCP proxy on loopback in front of the test PostgreSQL, that a test can stop
and start again: a real "database down" for the dashboard, and its recovery."""

from __future__ import annotations

import selectors
import socket
import threading

import psycopg


class PgProxy:
    def __init__(self, dsn: str):
        info = psycopg.conninfo.conninfo_to_dict(dsn)
        host, port = info.get("host") or "/tmp", int(info.get("port") or 5432)
        self.target = (("unix", f"{host}/.s.PGSQL.{port}") if host.startswith("/") else ("tcp", (host, port)))
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        info.update(host="127.0.0.1", port=str(self.port))
        self.dsn = psycopg.conninfo.make_conninfo(**info)
        self._up = threading.Event()
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self.listener.listen(64)
        threading.Thread(target=self._accept, daemon=True).start()

    def _connect_target(self) -> socket.socket:
        kind, addr = self.target
        s = socket.socket(socket.AF_UNIX if kind == "unix" else socket.AF_INET)
        s.connect(addr)
        return s

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self._up.is_set():
                client.close()  # "connection refused / closed": the database is down
                continue
            try:
                upstream = self._connect_target()
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()

    def _pipe(self, a: socket.socket, b: socket.socket):
        sel = selectors.DefaultSelector()
        sel.register(a, selectors.EVENT_READ, b)
        sel.register(b, selectors.EVENT_READ, a)
        try:
            while True:
                for key, _ in sel.select():
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            return
        finally:
            for s in (a, b):
                try:
                    s.close()
                except OSError:
                    pass

    def up(self):
        self._up.set()

    def down(self):
        """Refuse new connections and cut the open ones."""
        self._up.clear()
        with self._lock:
            conns, self._conns = self._conns, []
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        self.down()
        self.listener.close()
