"""`kunang check-config [FILE]`: report every problem of a configuration file."""

from __future__ import annotations

import sys
import warnings


def add_arguments(p) -> None:
    p.add_argument("file", nargs="?", help="configuration file (default: --config, $KUNANG_CONFIG or ./kunang.yaml)")


def run(args) -> int:
    from collector.config import ConfigProblems, load_config

    path = args.file or getattr(args, "config", None)
    unset: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            cfg = load_config(path, required=True, unset_env=unset)
        except ConfigProblems as exc:
            # the access points' profiles too, from the document as it is: every problem at once
            problems = exc.problems + [p for p in _raw_profile_problems(exc.path) if p not in exc.problems]
            print(f"{exc.path}: {len(problems)} problem(s)")
            for p in problems:
                print(f"  {p}")
            return 1
    problems = _profile_problems(cfg)
    if problems:
        print(f"{path or 'configuration'}: {len(problems)} problem(s)")
        for p in problems:
            print(f"  {p}")
        return 1
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    for u in unset:
        print(f"warning: {u} (needed at run time)", file=sys.stderr)
    aps = sum(len(s.aps) for s in cfg.sites)
    print(
        f"ok: {len(cfg.sites)} site(s), {aps} access point(s), {len(cfg.portal.sources)} portal source(s), "
        f"{len(cfg.alerts.channels)} alert channel(s), {len(cfg.dashboard.users)} dashboard user(s)"
        + (f", INLISLite guest book for {len(cfg.inlislite.sites)} site(s)" if cfg.inlislite else "")
    )
    return 0


def _profile_problems(cfg) -> list[str]:
    return _profiles_of([[ap.profile for ap in site.aps] for site in cfg.sites], cfg.snmp.profile_dirs)


def _raw_profile_problems(path: str) -> list[str]:
    """The same check on a document that did not validate (as far as it can be read)."""
    from pathlib import Path

    import yaml

    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    if not isinstance(raw, dict):
        return []
    sites = raw.get("sites") if isinstance(raw.get("sites"), list) else []
    names = [[ap.get("profile", "auto") if isinstance(ap, dict) else "auto"
              for ap in (s.get("aps") if isinstance(s, dict) and isinstance(s.get("aps"), list) else [])]
             for s in sites]
    snmp = raw.get("snmp") if isinstance(raw.get("snmp"), dict) else {}
    dirs = snmp.get("profile_dirs") if isinstance(snmp.get("profile_dirs"), list) else []
    dirs = [d if Path(d).is_absolute() else str(Path(path).parent / d) for d in dirs if isinstance(d, str)]
    return _profiles_of(names, dirs)


def _profiles_of(per_site: list[list], profile_dirs: list[str]) -> list[str]:
    """Load every profile the collector will use (the operator's folders, then the shipped ones)
    and check each access point's `profile` names one of them."""
    from collector.profiles.loader import concrete_names, load_profiles
    from collector.profiles.model import ProfileError

    try:
        profiles = load_profiles(profile_dirs)
    except ProfileError as exc:
        return [f"snmp.profile_dirs: {exc}"]
    valid = concrete_names(profiles)
    problems = []
    for i, aps in enumerate(per_site):
        for j, profile in enumerate(aps):
            if isinstance(profile, str) and profile != "auto" and profile not in valid:
                problems.append(f"sites[{i}].aps[{j}].profile: unknown profile {profile!r} "
                                f"(valid: auto, {', '.join(valid)})")
    return problems
