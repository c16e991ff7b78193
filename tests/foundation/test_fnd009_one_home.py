"""One home per rule, where a machine can check it (docs/architecture.md, "One home for each rule").

- SQL statements live in `.sql` files: Python modules hold none (a statement that composes identifiers
  is a template in its file, formatted with psycopg.sql; one that runs before the schema exists is a
  file too).
- Database connections in the collector come from one owner, `collector/db/pool.py`; the dashboard's
  from `dashboard/db.py`. Opening one directly is left to the modules below: the one-shot commands
  and what runs before any pool exists.

Both lists are exact: a module that stops needing its exception must leave the list, so it only shrinks.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("collector", "dashboard", "contract")

# the start of an SQL statement, as this project writes them (upper-case keywords)
SQL_START = re.compile(
    r"^\s*(?:SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s|ALTER\s|DROP\s|WITH\s+\w+\s+AS\s"
    r"|COPY\s|SET\s|SHOW\s|TRUNCATE\s|VACUUM\b|ANALYZE\b|CALL\s|DO\s)")

SQL_ALLOWED: dict[str, str] = {}  # none left: statements that compose identifiers are templates in .sql files
# ({table}, {columns}: collector/db/sql/count_rows.sql, create_database.sql, tsdb_count_older.sql,
# collector/portal/sql/copy_binary.sql), formatted with psycopg.sql

CONNECT_ALLOWED = {
    "collector/db/pool.py": "the collector's one connection owner (Pool, Single)",
    "dashboard/db.py": "the dashboard's one connection owner (Reader)",
    "collector/db/connect.py": "finding the server and creating the embedded database, before any pool",
    "collector/db/migrate.py": "the upgrade, on its own connection holding the migration lock, before any pool",
    "collector/db/timescale.py": "follow_config: TimescaleDB policies at start, before the pool",
    "collector/db/info.py": "`kunang db info` (one-shot)",
    "collector/inlislite/sync.py": "`kunang visits` given a DSN (one-shot); the service passes its pool",
    "collector/simulator/backfill.py": "`kunang simulate` / `kunang demo` history (one-shot, before the service)",
    "collector/simulator/guestbook.py": "the simulated guest book's history (one-shot, before the service)",
    "collector/commands/visits.py": "one-shot command",
    "collector/commands/privacy.py": "one-shot command",
    "collector/commands/demo.py": "one-shot command",
    "collector/commands/alerts.py": "one-shot command",
    "dashboard/reports/cli.py": "`python -m dashboard report` (one-shot process)",
}


def _modules() -> dict[str, ast.AST]:
    out = {}
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            out[path.relative_to(ROOT).as_posix()] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _sql_strings(tree: ast.AST) -> list[tuple[int, str]]:
    skip = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        # every string literal, the literal parts of f-strings too
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            if SQL_START.match(node.value):
                hits.append((node.lineno, node.value[:60]))
    return hits


def _connects(tree: ast.AST) -> list[int]:
    """Lines calling psycopg.connect / psycopg.Connection.connect or building a psycopg_pool pool."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = ast.unparse(f)
        if name in ("psycopg.connect", "psycopg.Connection.connect", "psycopg.AsyncConnection.connect",
                    "ConnectionPool", "AsyncConnectionPool", "psycopg_pool.ConnectionPool",
                    "psycopg_pool.AsyncConnectionPool"):
            lines.append(node.lineno)
    return lines


def test_the_checks_find_what_they_look_for():
    tree = ast.parse('"""SELECT in a docstring"""\nimport psycopg\n'
                     'q = "SELECT kunang_x(%s)"\nw = f"DELETE FROM {t}"\nc = psycopg.connect(dsn)\n')
    assert [line for line, _ in _sql_strings(tree)] == [3, 4]
    assert _connects(tree) == [5]
    assert not _sql_strings(ast.parse('msg = "select a site"\nhelp = "SELECTED: two"\n'))


def test_sql_lives_in_sql_files():
    found = {path: hits for path, tree in _modules().items() if (hits := _sql_strings(tree))}
    stray = {p: h for p, h in found.items() if p not in SQL_ALLOWED}
    assert not stray, f"SQL in Python modules (put it in a .sql file beside the package's queries): {stray}"
    assert set(SQL_ALLOWED) <= set(found), \
        f"no longer needs its exception, take it off SQL_ALLOWED: {sorted(set(SQL_ALLOWED) - set(found))}"


def test_connections_come_from_their_owner():
    found = {path: lines for path, tree in _modules().items() if (lines := _connects(tree))}
    stray = {p: lines for p, lines in found.items() if p not in CONNECT_ALLOWED}
    assert not stray, f"connections opened outside collector/db/pool.py (take one from the Pool): {stray}"
    assert set(CONNECT_ALLOWED) <= set(found), \
        f"no longer opens its own connection, take it off CONNECT_ALLOWED: {sorted(set(CONNECT_ALLOWED) - set(found))}"
