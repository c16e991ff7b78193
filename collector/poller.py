"""Poll SNMP devices through their vendor profile: the API the scheduler and `kunang poll` share.

    result = await poll(target, profiles)                    # one device, never raises for device faults
    results = await poll_many(targets, profiles, concurrency=64)   # many, one event loop, bounded

No global state: the SNMP engine is created per call (or passed in) and closed afterwards.

Size: one poll end to end (identify, walk what the profile needs, fall back per column, evaluate,
classify faults) plus the concurrent many-device API; each step is short and they share the walk
state.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Iterable

from collector.profiles.compiled import evaluate_walk
from collector.profiles.engine import Evaluation
from collector.profiles import identify as ident
from collector.profiles.identity_cache import IdentitySlot
from collector.profiles.model import Profile, ProfileError
from collector.snmp.errors import SnmpError
from collector.snmp.model import ROW_TYPES, PollResult, SnmpTarget

log = logging.getLogger(__name__)

SYS_DESCR = (1, 3, 6, 1, 2, 1, 1, 1, 0)
SYS_OBJECT_ID = (1, 3, 6, 1, 2, 1, 1, 2, 0)
SYS_UPTIME = (1, 3, 6, 1, 2, 1, 1, 3, 0)
SYS_NAME = (1, 3, 6, 1, 2, 1, 1, 5, 0)


@dataclass
class RawPoll:
    """What was fetched (for tests and debugging): scalar values and walked columns."""

    scalars: dict[tuple[int, ...], Any]
    columns: dict[tuple[int, ...], list[tuple[tuple[int, ...], Any]]]
    identification: Any = None  # profiles.identify.Identification: every rule considered (poll --explain)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").rstrip("\x00").strip()
    return str(value)


async def poll(
    target: SnmpTarget,
    profiles: dict[str, Profile],
    profile_name: str = "auto",
    *,
    engine: Any = None,
    hints: dict[str, int] | None = None,
    identity: Any = None,
) -> PollResult:
    """Poll one device once. Device faults become PollResult states; a bad profile name raises ProfileError.

    `hints` is an optional dict the caller keeps per device between polls (the poller fills it
    with each table's row count); it only sizes GETBULK requests, results never depend on it.
    `identity` (a profiles.identity_cache.IdentitySlot kept per device) reuses the last
    identification while the device's sysObjectID, sysDescr and uptime say it is the same.
    """
    result, _raw = await poll_with_raw(target, profiles, profile_name, engine=engine, hints=hints, identity=identity)
    return result


async def poll_with_raw(
    target: SnmpTarget,
    profiles: dict[str, Profile],
    profile_name: str = "auto",
    *,
    engine: Any = None,
    hints: dict[str, int] | None = None,
    open_session: Any = None,
    identity: Any = None,
) -> tuple[PollResult, RawPoll]:
    """As `poll`, also returning what was fetched. `open_session(target)` (async) replaces the
    SNMP client, e.g. with a recording (collector.snmp.recording) for `kunang profile test`."""
    if open_session is None:
        from collector.snmp import client

    if profile_name != "auto" and profile_name not in profiles:
        raise ProfileError(f"unknown profile {profile_name!r} (known: {', '.join(sorted(p for p in profiles if not p.startswith('_')))})")
    if profile_name != "auto" and profiles[profile_name].abstract:
        raise ProfileError(f"profile {profile_name!r} is abstract (a mixin) and cannot poll a device")
    own_engine = engine is None and open_session is None
    if own_engine:
        engine = client.new_engine()
    started_at = datetime.now(timezone.utc)
    t0 = time.perf_counter()
    raw = RawPoll({}, {})
    base = PollResult(target=target.address, started_at=started_at, duration_s=0.0, reachable=False)
    session = None
    try:
        try:
            session = await (open_session(target) if open_session is not None else client.SnmpSession.open(target, engine))
            system = await session.get([SYS_DESCR, SYS_OBJECT_ID, SYS_UPTIME, SYS_NAME])
        except SnmpError as exc:
            return replace(base, error_kind=exc.kind, errors=(str(exc),), duration_s=time.perf_counter() - t0), raw
        raw.scalars.update(system)
        sys_descr, sys_oid = _text(system.get(SYS_DESCR)), _text(system.get(SYS_OBJECT_ID))
        uptime = system.get(SYS_UPTIME)
        errors: list[str] = []
        if profile_name == "auto":
            found = identity.get(profiles, sys_oid, sys_descr, uptime) if identity is not None else None
            if found is None:
                found = await identify_device(session, profiles, sys_oid, sys_descr, raw, errors)
                if identity is not None and not any(e.startswith("identification probes:") for e in errors):
                    identity.put(profiles, sys_oid, sys_descr, uptime, found)
        else:
            found = ident.forced(profiles[profile_name])
        profile, fallback = found.profile, found.fallback
        raw.identification = found
        partial = False
        scalar_values: dict[str, Any] = {}
        try:
            if profile.scalars:
                try:
                    got = await session.get([c.oid for c in profile.scalars.values()])
                except SnmpError as exc:
                    if exc.kind in ("timeout", "unreachable"):
                        raise
                    got = {}  # an agent refusing one scalar still has tables to give
                    partial = True
                    errors.append(str(exc))
                raw.scalars.update(got)
                scalar_values = {name: got.get(c.oid) for name, c in profile.scalars.items()}
            # one lockstep GETBULK walk per table: its columns have the same rows, so every
            # response is (almost) all useful varbinds
            partial = await _walk_tables(session, profile, hints, raw, errors) or partial
        except SnmpError as exc:
            # the agent answered the system group, then stopped: keep what we have
            partial = True
            errors.append(str(exc))
        try:
            ev = evaluate_walk(profile, scalar_values, raw.columns)
        except Exception as exc:  # noqa: BLE001 - device data must never crash the scheduler
            log.exception("%s: profile %s failed on the device's data", target.address, profile.name)
            ev = Evaluation(rows={k: [] for k in ROW_TYPES}, errors=[f"profile {profile.name} failed on this data: {exc!r}"])
            partial = True
        errors.extend(ev.errors)
        rows = ev.rows
        result = replace(
            base,
            reachable=True,
            partial=partial,
            errors=tuple(errors),
            sys_descr=sys_descr,
            sys_object_id=sys_oid,
            sys_name=_text(system.get(SYS_NAME)),
            sys_uptime_ticks=uptime if isinstance(uptime, int) else None,
            profile=profile.name,
            profile_fallback=fallback,
            client_rows=profile.client_rows(),
            clients_total=ev.clients_total,
            clients_source=ev.clients_source,
            identified_by=found.to_json(),
            aps=tuple(rows["aps"]),
            ssids=tuple(rows["ssids"]),
            radios=tuple(rows["radios"]),
            clients=tuple(rows["clients"]),
            interfaces=tuple(rows["interfaces"]),
            varbinds=session.varbinds,
            ap_client_rows=ev.ap_client_rows,
            duration_s=time.perf_counter() - t0,
        )
        return result, raw
    finally:
        if session is not None:
            session.close()
        if own_engine:
            client.close_engine(engine)


async def identify_device(session: Any, profiles: dict[str, Profile], sys_oid: str | None, sys_descr: str | None,
                          raw: RawPoll, errors: list[str]) -> ident.Identification:
    """The profile for this device: match rules, with one GET for the probes that could decide
    (and one GETNEXT for the subtree probes)."""
    wanted = ident.probe_oids(profiles, sys_oid, sys_descr)
    subtrees = ident.probe_subtrees(profiles, sys_oid, sys_descr)
    answers: dict[tuple[int, ...], Any] = {}
    under: dict[tuple[int, ...], Any] = {}
    try:
        if wanted:
            answers = await session.get(wanted)
        if subtrees:
            for prefix, got in (await session.first_under(subtrees)).items():
                under[prefix] = None if got is None else got[1]
                if got is not None:
                    raw.scalars[prefix + tuple(got[0])] = got[1]  # the object the GETNEXT found
    except SnmpError as exc:  # identified without the probes; the walks will tell if it is gone
        errors.append(f"identification probes: {exc}")
    raw.scalars.update(answers)
    return ident.identify(profiles, sys_oid, sys_descr, answers, under)


async def _walk_tables(session: Any, profile: Profile, hints: dict[str, int] | None, raw: RawPoll, errors: list[str]) -> bool:
    """Walk the tables the profile uses into `raw.columns`; True if anything was partial.

    One lockstep walk per table; tables empty at the last poll share one walk; fallback columns
    (`fallback:` in the profile) are walked afterwards, only where their primary misses a row.
    """
    used = profile.used_tables()
    done: set[tuple[int, ...]] = set()
    walks: list[tuple[list[str], list[tuple[int, ...]], int | None]] = []
    later: list[tuple[Any, list[Any], int | None]] = []
    for table in profile.tables.values():
        if table.name not in used:
            continue
        columns = [c for c in table.columns.values() if c.oid not in done]
        if not columns:
            continue
        done.update(c.oid for c in columns)
        hint = hints.get(f"{profile.name}/{table.name}") if hints is not None else None
        primary = [c.oid for c in columns if c.fallback is None]
        fallback = [c for c in columns if c.fallback is not None]
        if fallback:
            later.append((table, fallback, hint))
        if primary:
            walks.append(([table.name], primary, hint))
    walks = _pack(walks, session.max_varbinds)
    partial = False
    for names, columns, hint in walks:
        walk_partial, silent = await _walk(session, profile, names, columns, hint, hints, raw, errors)
        partial = partial or walk_partial
        if silent:
            return True  # the agent stopped answering: do not wait out a timeout per table
    for table, fallback, hint in later:
        rows = _row_indexes(table, raw)
        needed = []
        for col in fallback:
            primary = dict(raw.columns.get(table.columns[col.fallback].oid, ()))
            if any(primary.get(index) in (None, b"", "") for index in rows):
                needed.append(col.oid)
        if needed:
            walk_partial, silent = await _walk(session, profile, [table.name], needed, hint, None, raw, errors)
            partial = partial or walk_partial
            if silent:
                return True
    return partial


# What one more request costs the poller (encoding, the message around the varbinds, the event
# loop), in decoded varbinds: about 0.4 ms against ~60 us per varbind (docs/performance.md).
REQUEST_COST_VARBINDS = 8


def _pack(walks: list[tuple[list[str], list[tuple[int, ...]], int | None]], budget: int):
    """Tables whose sizes are known from the last poll share GETBULK requests when they fit.

    One GETBULK carries every column of a group with the group's largest repetition count, so
    tables go together, smallest first, while columns x (rows + 1) stays within one request's
    varbind budget and the varbinds wasted on the smaller tables (asked for the larger one's
    rows) cost less than a request does: the small and empty tables of a device (radios, SSIDs,
    the legacy tables of a RouterOS 7 box) share round trips. Columns end independently, so a
    table that grew meanwhile is still walked to its end.
    """
    unknown = [w for w in walks if w[2] is None]
    known = sorted((w for w in walks if w[2] is not None), key=lambda w: w[2])
    packed: list[tuple[list[str], list[tuple[int, ...]], int | None]] = []
    for names, columns, hint in known:
        if packed:
            last_names, last_columns, last_hint = packed[-1]
            rows = max(hint, last_hint or 0) + 1
            wasted = len(last_columns) * (hint - (last_hint or 0))  # sorted: hint >= last_hint
            if (len(last_columns) + len(columns)) * rows <= budget and wasted <= REQUEST_COST_VARBINDS:
                packed[-1] = (last_names + names, last_columns + columns, max(hint, last_hint or 0))
                continue
        packed.append((list(names), list(columns), hint))
    return unknown + packed


async def _walk(session, profile, names, columns, hint, hints, raw, errors) -> tuple[bool, bool]:
    """One walk into raw.columns (hints updated when given); returns (partial, agent went silent).
    An error status refusing the walk is noted in `errors` and makes it partial."""
    try:
        walk = await session.walk(columns, hint)
    except SnmpError as exc:
        if exc.kind in ("timeout", "unreachable"):
            raise
        errors.append(f"table {', '.join(names)}: {exc}")  # the other tables may still answer
        return True, False
    raw.columns.update(walk.columns)
    if hints is not None and not walk.partial:
        for name in names:
            table_columns = [c.oid for c in profile.tables[name].columns.values()]
            hints[f"{profile.name}/{name}"] = max((len(walk.columns.get(c, ())) for c in table_columns), default=0)
    errors.extend(walk.errors)
    return walk.partial, walk.silent


def _row_indexes(table: Any, raw: RawPoll) -> set[tuple[int, ...]]:
    """The rows of a table as walked so far: its `rows` column, or every primary column."""
    if table.rows is not None:
        return {index for index, _ in raw.columns.get(table.columns[table.rows].oid, ())}
    out: set[tuple[int, ...]] = set()
    for col in table.columns.values():
        if col.fallback is None:
            out.update(index for index, _ in raw.columns.get(col.oid, ()))
    return out


async def poll_many(
    targets: Iterable[SnmpTarget],
    profiles: dict[str, Profile],
    concurrency: int = 64,
    profile_names: dict[str, str] | None = None,
    hints: dict[str, dict[str, int]] | None = None,
    identities: dict[str, Any] | None = None,
) -> list[PollResult]:
    """Poll many devices from this event loop, at most `concurrency` at a time; results in input order.

    `profile_names` maps a target address ("host:port") to a forced profile (default "auto").
    `hints`, if given, is a caller-owned {address: {...}} dict kept between rounds (see `poll`);
    `identities` likewise keeps each device's IdentitySlot (identification probes not re-sent).
    """
    from collector.snmp import client

    targets = list(targets)
    if concurrency < 1:
        raise ValueError("concurrency: must be >= 1")
    engine = client.new_engine()
    gate = asyncio.Semaphore(concurrency)
    names = profile_names or {}

    async def one(target: SnmpTarget) -> PollResult:
        async with gate:
            device_hints = hints.setdefault(_hint_id(target), {}) if hints is not None else None
            slot = identities.setdefault(_hint_id(target), IdentitySlot()) if identities is not None else None
            return await poll(target, profiles, names.get(target.address, "auto"), engine=engine, hints=device_hints,
                              identity=slot)

    try:
        return list(await asyncio.gather(*(one(t) for t in targets)))
    finally:
        client.close_engine(engine)


class DevicePolls:
    """How the running collector polls its devices (`kunang collect`, collector.service): one SNMP
    engine shared by every poll, and per device the row-count hints and the IdentitySlot kept
    between polls, so a device is identified once and again only when the identity cache says so
    (see profiles.identity_cache). bench/snmp_anchors.py measures the poll path through it."""

    def __init__(self) -> None:
        self.engine: Any = None
        self.hints: dict[str, dict[str, int]] = {}
        self.identities: dict[str, IdentitySlot] = {}

    async def poll(self, target: SnmpTarget, profiles: dict[str, Profile], profile_name: str = "auto") -> PollResult:
        from collector.snmp import client

        if self.engine is None:
            self.engine = client.new_engine()
        key = _hint_id(target)  # address and credential (community, SNMPv3 user, context): one device each
        return await poll(target, profiles, profile_name, engine=self.engine, hints=self.hints.setdefault(key, {}),
                          identity=self.identities.setdefault(key, IdentitySlot()))

    def close(self) -> None:
        if self.engine is not None:
            from collector.snmp import client

            client.close_engine(self.engine)
            self.engine = None


def _hint_id(target: SnmpTarget) -> str:
    """Key of a device in the hints and identity dicts (`poll_many`, `DevicePolls`): address, plus a
    digest of the credential (community, SNMPv3 user, context: simulated devices share one address and
    differ by community, a controller may answer each v3 user or context with another view); the
    secret itself is never a key."""
    digest = hashlib.sha256(f"{target.community}/{target.user}/{target.context}".encode()).hexdigest()[:12]
    return f"{target.address}/{digest}"

