"""`kunang record HOST[:PORT] [SNMP options] --out FILE.snmprec`: walk a device into a recording.

Walks the system group, IF-MIB (ifTable, ifXTable), IEEE802dot11-MIB, NET-SNMP-EXTEND-MIB's
output table, the device's own enterprise subtree (from its sysObjectID) and every table,
scalar and probe any profile could use, then writes an snmpsim recording (`OID|TYPE|VALUE`) with
MACs, IPv4 addresses, serial numbers and names scrubbed consistently (collector.snmp.scrub), so
a user with an unsupported device can share it: record -> write YAML -> `kunang profile test`
(docs/profiles.md). Progress goes to stderr; Ctrl-C stops and writes nothing.
"""

from __future__ import annotations

import argparse
import sys

from collector.commands.snmp_text import language, say
from collector.errors import KunangError

BASE_SUBTREES = [
    (1, 3, 6, 1, 2, 1, 1),  # SNMPv2-MIB system
    (1, 3, 6, 1, 2, 1, 2, 2),  # IF-MIB ifTable
    (1, 3, 6, 1, 2, 1, 31, 1, 1),  # IF-MIB ifXTable
    (1, 2, 840, 10036),  # IEEE802dot11-MIB
    (1, 3, 6, 1, 4, 1, 8072, 1, 3, 2, 3),  # NET-SNMP-EXTEND-MIB nsExtendOutput1Table
]
ENTERPRISES = (1, 3, 6, 1, 4, 1)
IF_MIB = [(1, 3, 6, 1, 2, 1, 2), (1, 3, 6, 1, 2, 1, 31)]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from collector.commands.poll import add_arguments as poll_arguments

    poll_arguments(parser)  # HOST[:PORT] and the SNMP options, as `kunang poll`
    parser.add_argument("--out", required=True, help="the recording to write (FILE.snmprec)")
    parser.add_argument("--subtree", action="append", default=[], help="another OID subtree to walk (repeatable)")
    parser.add_argument("--no-scrub", action="store_true", help="keep MACs, addresses, serials and names (do not share the file)")
    parser.add_argument("--no-enterprise", action="store_true", help="do not walk the device's whole enterprise subtree")


def _oid(text: str, lang: str = "en") -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in text.strip().lstrip(".").split("."))
    except ValueError:
        raise KunangError(say(lang, "bad_subtree", text=text)) from None


def _minimal(roots: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    out: list[tuple[int, ...]] = []
    for r in sorted(set(roots), key=lambda o: (len(o), o)):
        if not any(r[: len(o)] == o for o in out):
            out.append(r)
    return sorted(out)


def plan(profiles, sys_object_id: str | None, extra: list[tuple[int, ...]], enterprise: bool):
    """(subtrees to walk, (probe OIDs to GET, subtree probes to GETNEXT in), {column OID: 'name'|'serial'}
    to scrub, table roots)."""
    from collector.snmp.scrub import is_name_object

    roots = list(BASE_SUBTREES) + list(extra)
    probes: set[tuple[int, ...]] = set()
    subtrees: set[tuple[int, ...]] = set()  # subtree probes: their first object is recorded (GETNEXT)
    names: dict[tuple[int, ...], str] = {}
    tables: list[tuple[int, ...]] = [(1, 3, 6, 1, 2, 1, 2, 2, 1, 1), (1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1), (1, 3, 6, 1, 4, 1, 8072, 1, 3, 2, 3, 1, 1)]
    for p in profiles.values():
        for s in p.scalars.values():
            roots.append(s.oid[:-1] if s.oid[-1] == 0 else s.oid)
        for t in p.tables.values():
            for c in t.columns.values():
                roots.append(c.oid[:-1])  # the table entry: every column of the table
                tables.append(c.oid)
        for c in p.columns():
            if is_name_object(c.object) and not any(c.oid[: len(i)] == i for i in IF_MIB):
                names[c.oid[:-1] if c.oid[-1] == 0 else c.oid] = "serial" if "serial" in c.object.lower() else "name"
        for rule in p.match:
            probes.update(pr.oid for pr in rule.probes if not pr.subtree)
            subtrees.update(pr.oid for pr in rule.probes if pr.subtree)
    sysoid = _oid(sys_object_id) if sys_object_id and sys_object_id.replace(".", "").isdigit() else ()
    if enterprise and len(sysoid) > 6 and sysoid[:6] == ENTERPRISES and sysoid[6] != 8072:
        roots.append(sysoid[:7])
    roots = _minimal(roots)
    entries = sorted({t[:-1] for t in tables})  # table entries: OID = entry.column.index
    return roots, (sorted(probes), sorted(subtrees)), names, entries


def snmprec_line(oid: tuple[int, ...], value) -> str | None:
    """One recording line; the type is inferred from the decoded value (see docs/profiles.md)."""
    from collector.snmp.scrub import is_ip_text

    text = ".".join(map(str, oid))
    if value is None:
        return None
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        if value < 2**31:
            return f"{text}|2|{value}"
        return f"{text}|{'66' if value < 2**32 else '70'}|{value}"
    if isinstance(value, str):
        if is_ip_text(value):
            return f"{text}|64|{value}"
        return f"{text}|6|{value}"
    raw = bytes(value)
    if raw and all(32 <= b < 127 for b in raw) and "|" not in raw.decode() and not raw.decode().startswith(" "):
        return f"{text}|4|{raw.decode()}"
    return f"{text}|4x|{raw.hex()}"


def run(args: argparse.Namespace) -> int:
    import asyncio
    import os

    from collector.commands.poll import build_target, operator_profiles
    from collector.profiles.model import ProfileError
    from collector.snmp.errors import SnmpError
    from collector.snmp.scrub import Scrubber

    target = build_target(args)
    try:
        profiles = operator_profiles(args)
    except ProfileError as exc:
        raise KunangError(str(exc)) from None
    lang = language(args)
    extra = [_oid(s, lang) for s in args.subtree]

    async def walk_all():
        from collector.snmp import client

        engine = client.new_engine()
        session = None
        try:
            session = await client.SnmpSession.open(target, engine)
            system = await session.get([(1, 3, 6, 1, 2, 1, 1, 2, 0)])
            sys_oid = system.get((1, 3, 6, 1, 2, 1, 1, 2, 0))
            roots, probes, names, table_roots = plan(profiles, sys_oid, extra, not args.no_enterprise)
            rows: dict[tuple[int, ...], object] = {}
            for n, root in enumerate(roots, 1):
                if sys.stderr.isatty():
                    print("\r" + say(lang, "walking", n=n, total=len(roots), values=len(rows)), end="", file=sys.stderr, flush=True)
                walk = await session.walk([root])
                for index, value in walk.columns.get(root, ()):
                    rows[root + index] = value
                if walk.silent:
                    raise KunangError(say(lang, "stopped", address=target.address, oid=".".join(map(str, root))))
            gets, subtrees = probes
            for oid, value in (await session.get(gets)).items() if gets else ():
                if value is not None:
                    rows[oid] = value
            todo = [p for p in subtrees if not any(p[: len(r)] == r for r in roots)]  # not walked already
            for prefix, got in (await session.first_under(todo)).items() if todo else ():
                if got is not None:
                    rows[prefix + got[0]] = got[1]
            print("\r" + say(lang, "walked", total=len(roots), values=len(rows)), file=sys.stderr)
            return rows, names, table_roots
        finally:
            if session is not None:
                session.close()
            client.close_engine(engine)

    try:
        rows, names, table_roots = asyncio.run(walk_all())
    except SnmpError as exc:
        raise KunangError(str(exc)) from None
    if not rows:
        raise KunangError(say(lang, "nothing", address=target.address))
    ordered = sorted(rows.items())
    if not args.no_scrub:
        ordered = sorted(Scrubber(names).scrub(ordered, table_roots))
    lines = [line for line in (snmprec_line(o, v) for o, v in ordered) if line is not None]
    tmp = f"{args.out}.part"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, args.out)
    note = "" if args.no_scrub else say(lang, "scrubbed")
    print(say(lang, "wrote_recording", path=args.out, n=len(lines), note=note))
    return 0
