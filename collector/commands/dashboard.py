"""`kunang dashboard`: run the web dashboard as a child process; `kunang dashboard hash-password`.

The dashboard package never imports the collector: this command validates the
configuration, resolves the database (embedded or external; the embedded
server's handle stays open while the child runs) and starts
`python -m dashboard serve` with:

- KUNANG_DSN: the database;
- KUNANG_DASHBOARD_CONFIG: JSON of the dashboard section (the contract with the dashboard: `contract`) (users with password
  hashes and roles, language, secret key, secure_cookies, address/port), the
  organisation name, privacy.rotating_salt, analytics G/M/window,
  snmp.poll_interval_s and the reports output folder.

SIGINT/SIGTERM are forwarded to the child; its exit code is returned.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from collector.errors import KunangError
from contract import ENV_DASHBOARD_CONFIG, ENV_DSN, MIN_PASSWORD, hash_password



def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="dashboard_command", metavar="ACTION")
    serve = sub.add_parser("serve", help="serve the dashboard (the default)")
    for target in (p, serve):
        target.add_argument("--address", help="listen address (default: dashboard.address)")
        target.add_argument("--port", type=int, help="listen port (default: dashboard.port)")
    hp = sub.add_parser("hash-password", help="print the hash of a password for dashboard.users[].password_hash")
    hp.add_argument("--stdin", action="store_true", help="read the password from standard input (one line)")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        password = password[:-1] if password.endswith("\r") else password
    else:
        import getpass

        if not sys.stdin.isatty():
            raise KunangError("no terminal to read the password from: use --stdin")
        password = getpass.getpass("Password: ")
        again = getpass.getpass("Password (again): ")
        if password != again:
            raise KunangError("the two passwords differ")
    if len(password) < MIN_PASSWORD:
        raise KunangError(f"the password must have at least {MIN_PASSWORD} characters")
    return password


def _secret_key(cfg) -> str:
    """dashboard.secret_key, or one generated once and kept beside the embedded data directory."""
    if cfg.dashboard.secret_key:
        return cfg.dashboard.secret_key.reveal()
    path = Path(cfg.database.data_dir).resolve().parent / "dashboard-secret"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key


def dashboard_json(cfg, secret_key: str, address: str | None = None, port: int | None = None) -> dict:
    d = cfg.dashboard
    return {
        "users": [{"username": u.username, "password_hash": u.password_hash.reveal(), "role": u.role,
                   "language": u.language} for u in d.users],
        "language": d.language,
        "secret_key": secret_key,
        "secure_cookies": d.secure_cookies,
        "trusted_proxy": d.trusted_proxy,
        "address": address or d.address,
        "port": d.port if port is None else port,
        "name": cfg.name,
        "rotating_salt": cfg.privacy.rotating_salt,
        "visitor_min_minutes": cfg.analytics.visitor_min_minutes,
        "session_gap_minutes": cfg.analytics.session_gap_minutes,
        "returning_window_days": cfg.analytics.returning_window_days,
        "poll_interval_s": cfg.snmp.poll_interval_s,
        "pool_size": cfg.database.pool_size,
        "statement_timeout_s": min(cfg.database.statement_timeout_s, 30),
        "reports": {"output_dir": cfg.reports.output_dir, "languages": list(cfg.reports.languages),
                    "formats": list(cfg.reports.formats)},
    }


def run(args) -> int:
    if args.dashboard_command == "hash-password":
        print(hash_password(_read_password(args.stdin)))
        return 0
    return _serve(args)


def _serve(args) -> int:
    import json
    import logging
    import signal
    import subprocess

    from collector.config import load_config
    from collector.db.connect import check_connect, describe, open_database
    from collector.errors import StoreError

    log = logging.getLogger("kunang.dashboard")
    cfg = load_config(getattr(args, "config", None), required=True)
    if not cfg.dashboard.users:
        log.warning("no dashboard.users in the configuration: nobody can sign in "
                    "(add users with hashes from `kunang dashboard hash-password`)")
    db = None
    if cfg.database.dsn:
        dsn = cfg.database.dsn.reveal()
        try:
            check_connect(dsn)
        except StoreError as exc:  # the dashboard starts anyway, shows a banner and recovers
            log.warning("%s; starting the dashboard anyway", exc)
    else:
        db = open_database(cfg.database)  # keeps the embedded server alive while the child runs
        dsn = db.dsn
    env = dict(os.environ)
    env[ENV_DSN] = dsn
    env[ENV_DASHBOARD_CONFIG] = json.dumps(dashboard_json(cfg, _secret_key(cfg), args.address, args.port))
    log.info("dashboard reads %s", describe(dsn))
    try:
        child = subprocess.Popen([sys.executable, "-m", "dashboard", "serve"], env=env)
    except OSError as exc:
        if db:
            db.close()
        raise KunangError(f"cannot start the dashboard process: {exc}") from None

    def forward(signum, _frame):
        if child.poll() is None:
            child.send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:  # pragma: no cover - the handler above forwards instead
                forward(signal.SIGINT, None)
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
        if db:
            db.close()
