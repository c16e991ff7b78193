"""`kunang privacy export --mac MAC` and `kunang privacy erase --mac MAC`."""

from __future__ import annotations

import json


def add_arguments(p) -> None:
    sub = p.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    ex = sub.add_parser("export", help="print, as JSON, everything stored about a device")
    ex.add_argument("--mac", required=True, help="the device's MAC address, as the data subject gives it")
    er = sub.add_parser("erase", help="delete everything stored about a device (aggregates are kept)")
    er.add_argument("--mac", required=True, help="the device's MAC address, as the data subject gives it")
    er.add_argument("--dry-run", action="store_true", help="only count what would be deleted")


def run(args) -> int:
    import psycopg

    from collector import privacy_requests
    from collector.config import load_config
    from collector.db import migrate
    from collector.db.connect import database
    from collector.privacy import from_config

    cfg = load_config(getattr(args, "config", None), required=True)
    mac = privacy_requests.subject_mac(args.mac)  # fail before touching the database
    pseudo = from_config(cfg)
    days = cfg.retention.device_days
    with database(cfg.database) as db:
        migrate.upgrade(db.dsn, timescaledb=cfg.database.timescaledb)
        with psycopg.connect(db.dsn, autocommit=True) as conn:
            if args.privacy_command == "export":
                data = privacy_requests.export(conn, pseudo, mac, retention_days=days)
                print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
                return 0
            if args.dry_run:
                data = privacy_requests.export(conn, pseudo, mac, retention_days=days)
                counts = {k: len(v) if isinstance(v, list) else v for k, v in data.items()
                          if k not in ("subject", "generated_at", "identifiers")}
                print(json.dumps({"would_delete": counts}, indent=2))
                return 0
            counts = privacy_requests.erase(conn, pseudo, mac, retention_days=days)
    print(json.dumps({"deleted": counts}, indent=2))
    return 0
