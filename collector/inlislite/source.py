"""The INLISLite side: a read-only PyMySQL session and the aggregate queries
(`sql/*.sql`, MySQL dialect). Only PyMySQL's errors are turned into
`Unreachable`; a missing table or column is a `schema.SchemaError`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from collector.errors import KunangError
from collector.db.queries import named_sql
from collector.inlislite import schema

SQL = Path(__file__).with_name("sql")


class Unreachable(KunangError):
    """INLISLite's database cannot be reached or refused the login."""


class QueryError(KunangError):
    """INLISLite's database answered a query with an error (not a missing column, not the network)."""


@dataclass(frozen=True)
class Dsn:
    host: str
    port: int
    user: str
    password: str
    database: str
    unix_socket: str | None = None

    def where(self) -> str:  # for messages: never the password
        return f"{self.user}@{self.unix_socket or f'{self.host}:{self.port}'}/{self.database}"


def parse_dsn(text: str) -> Dsn:
    """`mysql://USER:PASSWORD@HOST:PORT/DATABASE` (also `mariadb://`;
    `?unix_socket=/path` for a local socket)."""
    u = urlsplit(text)
    if u.scheme not in ("mysql", "mariadb") or not u.path.strip("/"):
        raise KunangError("inlislite.dsn: expected mysql://USER:PASSWORD@HOST:PORT/DATABASE")
    q = parse_qs(u.query)
    try:
        port = u.port or 3306
    except ValueError:
        raise KunangError("inlislite.dsn: bad port") from None
    return Dsn(host=u.hostname or "127.0.0.1", port=port, user=unquote(u.username or "root"),
               password=unquote(u.password or ""), database=unquote(u.path.strip("/")),
               unix_socket=(q.get("unix_socket") or [None])[0])


_sql = named_sql(SQL)


class Source:
    """One read-only session on INLISLite's database."""

    def __init__(self, dsn: str, *, connect_timeout_s: int = 10):
        import pymysql

        self._pymysql = pymysql
        self.dsn = parse_dsn(dsn)
        d = self.dsn
        try:
            self.conn = pymysql.connect(host=d.host, port=d.port, user=d.user, password=d.password,
                                        database=d.database, unix_socket=d.unix_socket, charset="utf8mb4",
                                        connect_timeout=connect_timeout_s, read_timeout=300,
                                        cursorclass=pymysql.cursors.DictCursor, autocommit=True)
        except pymysql.err.MySQLError as exc:
            raise Unreachable(f"INLISLite database {d.where()} not reachable: {_reason(exc)}") from None
        try:
            with self.conn.cursor() as cur:
                cur.execute(_sql("read_only"))
        except pymysql.err.MySQLError:
            pass  # an old server: the user's grants keep it read-only

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001 - closing a dead connection
            pass

    def __enter__(self) -> "Source":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _rows(self, name: str, params: dict | None = None) -> list[dict]:
        try:
            with self.conn.cursor() as cur:
                cur.execute(_sql(name), params)
                return list(cur.fetchall())
        except (self._pymysql.err.OperationalError, self._pymysql.err.InterfaceError) as exc:
            raise Unreachable(f"INLISLite database {self.dsn.where()}: {_reason(exc)}") from None
        except self._pymysql.err.ProgrammingError as exc:  # a column vanished after the check
            raise schema.SchemaError(f"INLISLite query {name} failed: {_reason(exc)}") from None
        except self._pymysql.err.MySQLError as exc:
            raise QueryError(f"INLISLite query {name} failed: {_reason(exc)}") from None

    def check_schema(self) -> None:
        schema.check({(r["table_name"], r["column_name"]) for r in self._rows("columns")})

    def locations(self) -> list[dict]:
        return self._rows("locations")

    def individual(self, start: dt.datetime, end: dt.datetime) -> list[dict]:
        """Hourly counts for CreateDate in [start, end) (naive, INLISLite's local time)."""
        return self._rows("individual_hourly", {"start": start, "end": end})

    def groups(self, start: dt.datetime, end: dt.datetime) -> list[dict]:
        return self._rows("group_hourly", {"start": start, "end": end})


def _reason(exc: Exception) -> str:
    args = getattr(exc, "args", ())
    if len(args) >= 2:
        return f"{args[1]} (error {args[0]})"
    return str(exc) or type(exc).__name__
