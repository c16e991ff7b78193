"""`kunang poll HOST[:PORT]`: poll one device once through the scheduler's code; print JSON; store nothing."""

from __future__ import annotations

import argparse
import json
import os
import sys

from collector.errors import KunangError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("host", metavar="HOST[:PORT]", help="device address (default port 161)")
    parser.add_argument("--community", "-C", help="SNMPv1/v2c community (secrets may be given as ${ENV_VAR})")
    parser.add_argument("--version", "-V", dest="snmp_version", choices=("1", "2c", "3"), help="SNMP version (default: 3 with --v3-user, else 2c)")
    parser.add_argument("--v3-user", help="SNMPv3 USM user")
    parser.add_argument("--auth-protocol", choices=("MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"))
    parser.add_argument("--auth-key")
    parser.add_argument("--priv-protocol", choices=("DES", "AES", "AES-192", "AES-256"))
    parser.add_argument("--priv-key")
    parser.add_argument("--context", default="", help="SNMPv3 context name")
    parser.add_argument("--profile", default="auto", help="vendor profile name, or auto (default)")
    parser.add_argument("--profiles-dir", action="append", default=None,
                        help="a folder of profiles searched before the shipped ones (repeatable; default: snmp.profile_dirs of the configuration)")
    parser.add_argument("--timeout", type=float, default=2.0, help="seconds per request (default 2)")
    parser.add_argument("--retries", type=int, default=1, help="retries per request (default 1)")
    parser.add_argument("--json", action="store_true", help="print the JSON document (the default output)")
    parser.add_argument("--explain", action="store_true",
                        help="say which match rule identified the device and why every other rule did not (before the JSON)")


def _split_host(text: str) -> tuple[str, int]:
    if text.startswith("["):  # [v6]:port
        host, _, rest = text[1:].partition("]")
        port = rest.lstrip(":") or "161"
    elif text.count(":") == 1:
        host, port = text.split(":")
    else:
        host, port = text, "161"
    try:
        return host, int(port)
    except ValueError:
        raise KunangError(f"HOST[:PORT]: bad port in {text!r}") from None


def _secret(value: str | None, option: str) -> str | None:
    """`${NAME}` reads the secret from the environment, so it need not appear in the process list."""
    if value is None or not (value.startswith("${") and value.endswith("}")):
        return value
    name = value[2:-1]
    if name not in os.environ:
        raise KunangError(f"{option}: environment variable {name} is not set")
    return os.environ[name]


def build_target(args: argparse.Namespace):
    from collector.snmp.model import SnmpTarget

    host, port = _split_host(args.host)
    version = args.snmp_version or ("3" if args.v3_user else "2c")
    try:
        return SnmpTarget(
            host=host,
            port=port,
            version=version,
            community=_secret(args.community, "--community") if version != "3" else None,
            user=args.v3_user,
            auth_protocol=args.auth_protocol,
            auth_key=_secret(args.auth_key, "--auth-key"),
            priv_protocol=args.priv_protocol,
            priv_key=_secret(args.priv_key, "--priv-key"),
            context=args.context,
            timeout_s=args.timeout,
            retries=args.retries,
        )
    except ValueError as exc:
        raise KunangError(f"poll: {exc}") from None


def run(args: argparse.Namespace) -> int:
    import asyncio

    from collector.poller import poll_with_raw
    from collector.profiles.model import ProfileError

    target = build_target(args)
    try:
        profiles = operator_profiles(args)
        result, raw = asyncio.run(poll_with_raw(target, profiles, args.profile))
    except ProfileError as exc:
        raise KunangError(str(exc)) from None
    if args.explain:
        print(explain_text(raw.identification) if raw.identification else "not identified: the device did not answer")
        if not args.json:
            return 0 if result.reachable else 2
    print(json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False))
    if not result.reachable:
        print(f"kunang: {target.address}: {result.error_kind}: {result.errors[0] if result.errors else 'no answer'}", file=sys.stderr)
        return 2
    return 0


def explain_text(found) -> str:
    """The identification, in English and Bahasa Indonesia headings, then one line per rule."""
    head = ("identified as / dikenali sebagai" if not found.fallback else "not identified / tidak dikenali")
    lines = [f"{head}: {found.profile.name}", f"  {found.reason}"]
    if found.considered:
        lines.append("rules considered / aturan yang diperiksa:")
        lines += [f"  {line}" for line in found.considered]
    return "\n".join(lines)


def operator_profiles(args: argparse.Namespace):
    """The shipped profiles, overridden by --profiles-dir folders, else by the configuration's
    snmp.profile_dirs (when a configuration file is there)."""
    from collector.profiles.loader import load_profiles

    dirs = args.profiles_dir
    if dirs is None:
        dirs = configured_profile_dirs(getattr(args, "config", None))
    return load_profiles(dirs)


def configured_profile_dirs(path: str | None) -> list[str]:
    """snmp.profile_dirs of the configuration file, if there is one (relative to that file)."""
    from collector.config import ConfigProblems
    from collector.config.load import ConfigError, load_config, resolve_path

    found = resolve_path(path)
    if found is None:
        return []
    try:
        cfg = load_config(found)
    except (ConfigProblems, ConfigError) as exc:
        raise KunangError(f"{exc}") from None
    return list(cfg.snmp.profile_dirs)
