"""`python -m dashboard serve` (and `report`, provided by dashboard.reports).

Started by `kunang dashboard` with KUNANG_DSN and KUNANG_DASHBOARD_CONFIG set
(see dashboard/settings.py). Serves with waitress, a production WSGI server.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys


def serve(args) -> int:
    from dashboard.settings import SettingsError, from_env

    try:
        settings = from_env()
    except SettingsError as exc:
        print(f"kunang dashboard: {exc}", file=sys.stderr)
        return 1
    import waitress

    from dashboard.app import create_app

    app = create_app(settings)
    host = args.address or settings.address
    port = settings.port if args.port is None else args.port
    logging.getLogger(__name__).info("dashboard on http://%s:%d/", host, port)
    proxy = {"trusted_proxy": settings.trusted_proxy, "trusted_proxy_count": 1,
             "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"}} if settings.trusted_proxy else {}
    server = waitress.create_server(app.server, host=host, port=port, threads=args.threads, ident="kunang",
                                    clear_untrusted_proxy_headers=True, **proxy)

    def stop(signum, _frame):
        server.close()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    print(f"kunang dashboard: listening on http://{host}:{server.effective_port}/", file=sys.stderr, flush=True)
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        from dashboard import runtime

        try:
            runtime.reader().close()
        except RuntimeError:
            pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="serve the web dashboard")
    p.add_argument("--address", help="listen address (default: dashboard.address)")
    p.add_argument("--port", type=int, help="listen port (default: dashboard.port; 0 = any free port)")
    p.add_argument("--threads", type=int, default=8, help="worker threads")
    p.add_argument("--debug", action="store_true")
    p.set_defaults(func=serve)
    try:
        from dashboard.reports import cli as report_cli
    except ImportError:
        report_cli = None
    if report_cli is not None:
        r = sub.add_parser("report", help="produce a monthly usage report")
        report_cli.add_arguments(r)
        r.set_defaults(func=lambda a: report_cli.run(a))
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if getattr(args, "debug", False) else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
