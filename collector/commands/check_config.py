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
            print(f"{exc.path}: {len(exc.problems)} problem(s)")
            for p in exc.problems:
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
    """Load every profile the collector will use (the operator's folders, then the shipped ones)
    and check each access point's `profile` names one of them."""
    from collector.profiles.loader import concrete_names, load_profiles
    from collector.profiles.model import ProfileError

    try:
        profiles = load_profiles(cfg.snmp.profile_dirs)
    except ProfileError as exc:
        return [f"snmp.profile_dirs: {exc}"]
    valid = concrete_names(profiles)
    problems = []
    for i, site in enumerate(cfg.sites):
        for j, ap in enumerate(site.aps):
            if ap.profile != "auto" and ap.profile not in valid:
                problems.append(f"sites[{i}].aps[{j}].profile: unknown profile {ap.profile!r} (valid: auto, {', '.join(valid)})")
    return problems
