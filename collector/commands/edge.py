"""`kunang edge`: a village library's collector without a database (runs until SIGINT/SIGTERM)."""

from __future__ import annotations

import asyncio
import signal


def add_arguments(p) -> None:
    pass


def run(args) -> int:
    from collector.config import load_config
    from collector.edge.runner import Edge

    cfg = load_config(getattr(args, "config", None), required=True)
    edge = Edge(cfg)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await edge.run(stop)

    asyncio.run(main())
    return 0
