"""`kunang db upgrade` and `kunang db info`."""

from __future__ import annotations

import json


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    sub.add_parser("upgrade", help="apply pending migrations")
    info = sub.add_parser("info", help="mode, TimescaleDB version, sizes and row counts")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.add_argument("--lang", choices=("id", "en"), help="language of the text (default: the config's)")


def run(args) -> int:
    from collector.config import load_config
    from collector.db import info, migrate, timescale
    from collector.db.connect import database

    cfg = load_config(getattr(args, "config", None), required=True)
    with database(cfg.database) as db:
        if args.db_command == "upgrade":
            applied = migrate.upgrade(db.dsn, timescaledb=cfg.database.timescaledb)
            print(f"applied {len(applied)} migration(s): {', '.join(applied)}" if applied else "database is up to date")
            for change in timescale.follow_config(db.dsn, cfg):
                print(f"timescaledb policy set: {change}")
            return 0
        migrate.upgrade(db.dsn, timescaledb=cfg.database.timescaledb)
        data = info.collect(db)
        if args.json:
            print(json.dumps(data, indent=2, default=str))
        else:
            print(info.render(data, args.lang or cfg.language))
    return 0
