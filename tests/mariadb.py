"""A real MariaDB for tests: the machine's at 127.0.0.1:3306 (root, no
password) when one answers there, else a `mariadbd` this test session starts
itself on a free port with a temporary data directory (a user's machine runs
none). KUNANG_TEST_MYSQL (host:port[:user[:password]]) names another server."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pymysql

from tests.ports import free_port


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str = "root"
    password: str = ""

    def connect(self, database: str | None = None, **kw):
        return pymysql.connect(host=self.host, port=self.port, user=self.user, password=self.password,
                               database=database, autocommit=True, connect_timeout=5, **kw)

    def dsn(self, database: str) -> str:
        return f"mysql://{self.user}:{self.password}@{self.host}:{self.port}/{database}"


def _answers(server: Server) -> bool:
    try:
        server.connect().close()
        return True
    except pymysql.err.MySQLError:
        return False


def _binary(*names: str) -> str:
    for n in names:
        path = shutil.which(n) or (f"/usr/sbin/{n}" if os.path.exists(f"/usr/sbin/{n}") else None)
        if path:
            return path
    raise RuntimeError(f"none of {', '.join(names)} is installed (Debian: mariadb-server)")


class OwnServer:
    """A mariadbd started on a free port in a temporary directory; stopped by `close`."""

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="kunang-test-mariadb-"))
        data = self.base / "data"
        self.port = free_port()
        user = ["--user=root"] if os.geteuid() == 0 else []
        subprocess.run([_binary("mariadb-install-db", "mysql_install_db"), "--no-defaults", f"--datadir={data}",
                        "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve",
                        *user], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        self.proc = subprocess.Popen(
            [_binary("mariadbd", "mysqld"), "--no-defaults", f"--datadir={data}", f"--port={self.port}",
             "--bind-address=127.0.0.1", f"--socket={self.base / 'mysqld.sock'}",
             f"--pid-file={self.base / 'mysqld.pid'}", "--skip-name-resolve", "--skip-log-bin",
             "--innodb-buffer-pool-size=16M", "--innodb-log-file-size=8M", "--performance-schema=OFF", *user],
            stdout=subprocess.DEVNULL, stderr=open(self.base / "error.log", "wb"))
        self.server = Server("127.0.0.1", self.port)
        deadline = time.monotonic() + 60
        while not _answers(self.server):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"mariadbd did not start: {(self.base / 'error.log').read_text()[-2000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)


def server_or_own():
    """(Server, OwnServer-or-None)."""
    env = os.environ.get("KUNANG_TEST_MYSQL")
    if env:
        parts = env.split(":")
        return Server(parts[0], int(parts[1]), *(parts[2:4])), None
    machine = Server("127.0.0.1", 3306)
    if _answers(machine):
        return machine, None
    own = OwnServer()
    return own.server, own


def create_database(server: Server, schema_sql: str | None) -> str:
    name = f"kunang_inlis_{uuid.uuid4().hex[:8]}"
    with server.connect() as conn, conn.cursor() as cur:
        cur.execute("CREATE DATABASE %s CHARACTER SET utf8mb4" % quote_ident(name))
    if schema_sql:
        with server.connect(name) as conn, conn.cursor() as cur:
            for stmt in _statements(schema_sql):
                cur.execute(stmt)
    return name


def drop_database(server: Server, name: str) -> None:
    with server.connect() as conn, conn.cursor() as cur:
        cur.execute("DROP DATABASE IF EXISTS %s" % quote_ident(name))


def quote_ident(name: str) -> str:
    """A MariaDB identifier, quoted (a backtick inside doubled): the only way a name goes into SQL text here."""
    return "`" + name.replace("`", "``") + "`"


def _statements(text: str) -> list[str]:
    lines = [line for line in text.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
