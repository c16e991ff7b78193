"""`kunang ingest`: store the village edges' batches from the district hub (runs until SIGINT/SIGTERM).
Start several (`--name 1`, `--name 2`, ...): they share the hub's durable consumer."""

from __future__ import annotations

import asyncio
import signal


def add_arguments(p) -> None:
    p.add_argument("--name", default="1", help="worker name, one per process (counters, connection names)")


def run(args) -> int:
    from collector.config import load_config
    from collector.db import migrate
    from collector.db.connect import database
    from collector.edge.ingest import Ingest
    from collector.errors import ConfigError

    cfg = load_config(getattr(args, "config", None), required=True)
    if cfg.ingest is None:
        raise ConfigError("no `ingest:` section in the configuration (the hub's address) / "
                          "tidak ada bagian `ingest:` dalam konfigurasi (alamat hub)")
    with database(cfg.database) as db:
        migrate.upgrade(db.dsn, timescaledb=cfg.database.timescaledb)
        ingest = Ingest(cfg, db.dsn, name=args.name)

        async def main() -> None:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            await ingest.run(stop)

        try:
            asyncio.run(main())
        finally:
            ingest.close()
    return 0
