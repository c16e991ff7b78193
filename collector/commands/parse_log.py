"""`kunang parse-log`: parse captive-portal / RADIUS log files, print events, store nothing.

With `--json`, one JSON object per input line (or per multi-line RADIUS `detail`
record): {"line", "kind", "time", "user", "mac", "ip", "bytes_in", "bytes_out",
"duration_s", "reason", "format"}. Identifiers are printed raw since nothing is
stored. A line that cannot be understood prints as kind "other" with an extra
"error" key; a count goes to stderr.
"""

from __future__ import annotations

import json
import os
import sys

from collector.errors import KunangError

FORMAT_HELP = "log format (default: auto, detected per line)"


def add_arguments(p) -> None:
    from collector.portal.parser import CHOICES

    p.add_argument("files", nargs="+", metavar="FILE", help="log file(s); '-' reads standard input")
    p.add_argument("--format", "-f", choices=CHOICES, default="auto", help=FORMAT_HELP)
    p.add_argument("--json", action="store_true", help="one JSON object per line or record")
    p.add_argument("--tz", default=None,
                   help="time zone of lines without one (default: UTC), e.g. Asia/Makassar")


def _error_view(err) -> dict:
    return {"line": err.line, "kind": "other", "time": None, "user": None, "mac": None, "ip": None,
            "bytes_in": None, "bytes_out": None, "duration_s": None, "reason": None,
            "format": err.format, "error": err.reason}


def _text_view(d: dict) -> str:
    fields = [str(d["line"]).rjust(6), d["kind"].ljust(18), d["time"] or "-"]
    for k in ("user", "mac", "ip", "bytes_in", "bytes_out", "duration_s", "reason"):
        if d.get(k) is not None:
            fields.append(f"{k}={d[k]}")
    if d.get("error"):
        fields.append(f"error={d['error']}")
    return "  ".join(fields)


def run(args) -> int:
    from collector.portal import timeparse
    from collector.portal.reader import open_lines, reference_time
    from collector.portal.context import ParseContext
    from collector.portal.event import ParseError
    from collector.portal.parser import iter_parse

    try:
        tz = timeparse.get_zone(args.tz)
    except timeparse.TimeError as exc:
        raise KunangError(f"--tz: {exc}") from None
    out = sys.stdout
    total = errors = 0
    for path in args.files:
        ctx = ParseContext(tz=tz, now=reference_time(path, tz))
        try:
            lines = open_lines(path)
            for result in iter_parse(lines, args.format, ctx, origin=path):
                total += 1
                if isinstance(result, ParseError):
                    errors += 1
                    view = _error_view(result)
                else:
                    view = result.json_view()
                out.write((json.dumps(view, ensure_ascii=False) if args.json else _text_view(view)) + "\n")
        except BrokenPipeError:  # `kunang parse-log ... | head`
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
            return 0
        except OSError as exc:
            raise KunangError(f"{path}: {exc.strerror or exc}") from None
    print(f"parse-log: {total} line(s)/record(s), {errors} unparseable", file=sys.stderr)
    return 0
