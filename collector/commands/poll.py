"""`kunang poll HOST[:PORT]`: poll one device once through the scheduler's code; print JSON; store nothing."""

from __future__ import annotations

import argparse
import json
import os
import sys

from collector.commands.snmp_text import add_lang, language, say
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
    add_lang(parser)


def _split_host(text: str, lang: str = "en") -> tuple[str, int]:
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
        raise KunangError(say(lang, "bad_port", text=text)) from None


def _secret(value: str | None, option: str, lang: str = "en") -> str | None:
    """`${NAME}` reads the secret from the environment, so it need not appear in the process list."""
    if value is None or not (value.startswith("${") and value.endswith("}")):
        return value
    name = value[2:-1]
    if name not in os.environ:
        raise KunangError(say(lang, "env_unset", option=option, name=name))
    return os.environ[name]


def build_target(args: argparse.Namespace):
    from collector.snmp.model import SnmpTarget

    lang = language(args)
    host, port = _split_host(args.host, lang)
    version = args.snmp_version or ("3" if args.v3_user else "2c")
    try:
        return SnmpTarget(
            host=host,
            port=port,
            version=version,
            community=_secret(args.community, "--community", lang) if version != "3" else None,
            user=args.v3_user,
            auth_protocol=args.auth_protocol,
            auth_key=_secret(args.auth_key, "--auth-key", lang),
            priv_protocol=args.priv_protocol,
            priv_key=_secret(args.priv_key, "--priv-key", lang),
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

    from collector.profiles.loader import concrete_names

    target = build_target(args)
    lang = language(args)
    try:
        profiles = operator_profiles(args)
        if args.profile != "auto" and args.profile not in concrete_names(profiles):
            raise KunangError(say(lang, "unknown_profile", name=args.profile, valid=", ".join(["auto", *concrete_names(profiles)])))
        result, raw = asyncio.run(poll_with_raw(target, profiles, args.profile))
    except ProfileError as exc:
        raise KunangError(str(exc)) from None
    if args.explain:
        print(explain_text(raw.identification, lang) if raw.identification else say(lang, "no_answer_identify"))
        if not args.json:
            return 0 if result.reachable else 2
    print(json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False))
    if not result.reachable:
        why = result.errors[0] if result.errors else say(lang, "no_answer")
        print(f"kunang: {target.address}: {result.error_kind}: {why}", file=sys.stderr)
        return 2
    return 0


def explain_text(found, lang: str = "id") -> str:
    """The identification in the user's language (English or Bahasa Indonesia), then one line per rule."""
    en = lang == "en"
    head = say(lang, "not_identified" if found.fallback else "identified")
    lines = [f"{head}: {found.profile.name}", f"  {found.reason if en or not found.reason_id else found.reason_id}"]
    considered = found.considered if en or not found.considered_id else found.considered_id
    if considered:
        lines.append(say(lang, "considered"))
        lines += [f"  {line}" for line in considered]
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
