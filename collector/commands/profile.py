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

from collector.commands.snmp_text import add_lang, language, say
from collector.errors import KunangError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = sub.add_parser("list", help="list the profiles (operator folders first, then shipped)")
    ls.add_argument("--profiles-dir", action="append", default=None, help="a folder of profiles searched before the shipped ones")
    add_lang(ls)
    t = sub.add_parser("test", help="poll a recording through a profile, in-process; compare with an expected JSON")
    t.add_argument("profile", help="profile name, or auto (identify the recording like a device)")
    t.add_argument("recording", help="an snmpsim recording (.snmprec or .snmprec.bz2)")
    t.add_argument("--expected", help="expected poll JSON: print the differences instead of the JSON")
    t.add_argument("--write", action="store_true", help="write the poll JSON to --expected (review it before committing)")
    t.add_argument("--explain", action="store_true", help="also say which match rule identified the recording")
    t.add_argument("--profiles-dir", action="append", default=None, help="a folder of profiles searched before the shipped ones")
    add_lang(t)


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
    lang = language(args)
    if args.profile != "auto" and args.profile not in concrete_names(profiles):
        raise KunangError(say(lang, "unknown_profile", name=args.profile, valid=", ".join(["auto", *concrete_names(profiles)])))
    try:
        recording = Recording.load(args.recording)
    except FileNotFoundError:
        raise KunangError(say(lang, "no_recording", path=args.recording)) from None
    except RecordingError as exc:
        raise KunangError(str(exc)) from None
    if recording.skipped:
        print(say(lang, "skipped_lines", n=len(recording.skipped), first=recording.skipped[0]), file=sys.stderr)
    import asyncio

    from collector.poller import poll_with_raw
    from collector.snmp.model import SnmpTarget
    from collector.snmp.recording import opener

    result, raw = asyncio.run(poll_with_raw(SnmpTarget("recording", 161, community="public"), profiles, args.profile,
                                            open_session=opener(recording)))
    doc = stable(result.to_json_dict())
    if args.explain and raw.identification is not None:
        print(explain_text(raw.identification, lang), file=sys.stderr)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if args.write:
        if not args.expected:
            raise KunangError(say(lang, "write_needs_expected"))
        with open(args.expected, "w", encoding="utf-8") as fh:
            fh.write(text)
        print(say(lang, "wrote_expected", path=args.expected, profile=doc["profile"], total=doc["clients_total"]))
        return 0
    if not args.expected:
        sys.stdout.write(text)
        return 0
    try:
        with open(args.expected, encoding="utf-8") as fh:
            expected = json.load(fh)
    except FileNotFoundError:
        raise KunangError(say(lang, "no_expected", path=args.expected)) from None
    except json.JSONDecodeError as exc:
        raise KunangError(say(lang, "not_json", path=args.expected, error=exc)) from None
    problems = compare(stable(expected), doc, lang=lang)
    if problems:
        print(say(lang, "differences", recording=args.recording, n=len(problems), path=args.expected))
        for p in problems:
            print(f"  {p}")
        return 1
    print(say(lang, "same", recording=args.recording, path=args.expected, profile=doc["profile"], total=doc["clients_total"]))
    return 0
