"""`kunang profile list` and `kunang profile test PROFILE RECORDING [--expected FILE]`.

`test` polls a recording (.snmprec, snmpsim's format) through the profile in-process, with a fake
SNMP transport serving the recording: no agent, no network. It prints the poll JSON, or with
`--expected` the differences (exit 1 when there are any). `--write` stores the JSON as the
expected file (review it before committing).
"""

from __future__ import annotations

import argparse
import json
import sys

from collector.errors import KunangError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="list the profiles (operator folders first, then shipped)")
    ls.add_argument("--profiles-dir", action="append", default=None, help="a folder of profiles searched before the shipped ones")
    t = sub.add_parser("test", help="poll a recording through a profile, in-process; compare with an expected JSON")
    t.add_argument("profile", help="profile name, or auto (identify the recording like a device)")
    t.add_argument("recording", help="an snmpsim recording (.snmprec or .snmprec.bz2)")
    t.add_argument("--expected", help="expected poll JSON: print the differences instead of the JSON")
    t.add_argument("--write", action="store_true", help="write the poll JSON to --expected (review it before committing)")
    t.add_argument("--explain", action="store_true", help="also say which match rule identified the recording")
    t.add_argument("--profiles-dir", action="append", default=None, help="a folder of profiles searched before the shipped ones")


def run(args: argparse.Namespace) -> int:
    from collector.commands.poll import explain_text, operator_profiles
    from collector.profiles.loader import concrete_names
    from collector.profiles.model import ProfileError
    from collector.profiles.replay import compare, stable
    from collector.snmp.recording import Recording, RecordingError

    try:
        profiles = operator_profiles(args)
    except ProfileError as exc:
        raise KunangError(str(exc)) from None
    if args.action == "list":
        for name in concrete_names(profiles):
            p = profiles[name]
            print(f"{name}\t{p.file}\t{p.description}")
        return 0
    if args.profile != "auto" and args.profile not in concrete_names(profiles):
        raise KunangError(f"unknown profile {args.profile!r} (valid: auto, {', '.join(concrete_names(profiles))})")
    try:
        recording = Recording.load(args.recording)
    except FileNotFoundError:
        raise KunangError(f"{args.recording}: recording not found") from None
    except RecordingError as exc:
        raise KunangError(str(exc)) from None
    import asyncio

    from collector.poller import poll_with_raw
    from collector.snmp.model import SnmpTarget
    from collector.snmp.recording import opener

    result, raw = asyncio.run(poll_with_raw(SnmpTarget("recording", 161, community="public"), profiles, args.profile,
                                            open_session=opener(recording)))
    doc = stable(result.to_json_dict())
    if args.explain and raw.identification is not None:
        print(explain_text(raw.identification), file=sys.stderr)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if args.write:
        if not args.expected:
            raise KunangError("--write needs --expected FILE")
        with open(args.expected, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(f"wrote {args.expected}: profile {doc['profile']}, clients_total {doc['clients_total']}")
        return 0
    if not args.expected:
        sys.stdout.write(text)
        return 0
    try:
        with open(args.expected, encoding="utf-8") as fh:
            expected = json.load(fh)
    except FileNotFoundError:
        raise KunangError(f"{args.expected}: expected file not found (create it with --write, then review it)") from None
    except json.JSONDecodeError as exc:
        raise KunangError(f"{args.expected}: not JSON: {exc}") from None
    problems = compare(stable(expected), doc)
    if problems:
        print(f"{args.recording}: {len(problems)} difference(s) from {args.expected}")
        for p in problems:
            print(f"  {p}")
        return 1
    print(f"ok: {args.recording} gives {args.expected} (profile {doc['profile']}, clients_total {doc['clients_total']})")
    return 0
