"""Each rule of issue 16 has one home (docs/architecture.md, "One home for each rule"): its functions are
defined once, in that module, and nowhere else under another name; every path that turns a MAC into a
pseudonym takes it through the one MAC rule. (SQL functions: test_fnd002; connections: test_fnd009; the
contract: test_fnd010; import cycles and sizes: test_fnd007.)"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("collector", "dashboard", "contract")

# top-level function or class -> the one module that defines it
HOMES = {
    "collector/identifiers.py": ("normalise_mac", "normalise_user", "mac_octets", "is_randomized"),
    "collector/status.py": ("advance", "rebooted", "Thresholds"),
    "contract/__init__.py": ("hash_password", "verify_password"),
    "dashboard/periods.py": ("parse_month", "add_months", "month_last_day", "local_date", "date_range", "ts_range",
                             "today_in", "local_days", "preset_days", "custom_days", "period_days", "period",
                             "previous_month", "Month"),
    "dashboard/charts/registry.py": ("chart", "site_chart", "produce", "Chart"),
    "collector/db/pool.py": ("Pool", "Single", "DatabaseUnavailable"),
}
# another name for the same job: a second MAC or user-name normaliser, a second status machine
LOOKALIKE = re.compile(r"(?i)^_?(norm\w*_?mac|mac_?norm\w*|canonical_?mac|clean_?mac|norm\w*_?user(name)?"
                       r"|canonical_?user\w*|next_state|ap_state_machine|month_(bounds|start|range))$")


def _top_level_defs() -> dict[str, list[str]]:
    """Name -> the modules defining it at top level (functions and classes)."""
    out: dict[str, list[str]] = {}
    for pkg in PACKAGES:
        for f in sorted((ROOT / pkg).rglob("*.py")):
            for node in ast.parse(f.read_text()).body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    out.setdefault(node.name, []).append(f.relative_to(ROOT).as_posix())
    return out


def test_each_rule_is_defined_once_in_its_home():
    defs = _top_level_defs()
    wrong = {name: defs.get(name) for home, names in HOMES.items() for name in names if defs.get(name) != [home]}
    assert not wrong, f"defined elsewhere too, or not in its home ({HOMES}): {wrong}"


def test_no_second_implementation_under_another_name():
    defs = _top_level_defs()
    homes = {name for names in HOMES.values() for name in names}
    found = {name: mods for name, mods in defs.items() if LOOKALIKE.match(name) and name not in homes}
    assert not found, f"a second implementation of a rule with a home (use the home's function): {found}"
    assert LOOKALIKE.match("normalize_mac") and LOOKALIKE.match("_clean_mac") and not LOOKALIKE.match("mac_octets")


def _imports_name(tree: ast.AST, module: str, name: str) -> bool:
    return any(isinstance(n, ast.ImportFrom) and n.module == module and any(a.name == name for a in n.names)
               for n in ast.walk(tree))


# the modules that pseudonymise a MAC they did not normalise themselves, and why that is the one rule too
PSEUDONYMISE_NORMALISED = {
    "collector/portal/rows.py": "portal events' MACs, normalised by their parser (every collector/portal/formats module)",
}


def test_every_path_to_a_mac_pseudonym_goes_through_the_one_rule():
    """A module that calls `.device(` / `.probe_device(` on a pseudonymiser imports normalise_mac from
    collector.identifiers, or is listed above with the reason; so does every portal log format."""
    stray, calls = [], set()
    for pkg in ("collector",):
        for f in sorted((ROOT / pkg).rglob("*.py")):
            rel = f.relative_to(ROOT).as_posix()
            tree = ast.parse(f.read_text())
            pseudonymises = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                                and n.func.attr in ("device", "probe_device") for n in ast.walk(tree))
            if rel.startswith("collector/portal/formats/") and f.name != "__init__.py":
                pseudonymises = True  # a parser's MAC becomes a pseudonym in the portal store
            if not pseudonymises:
                continue
            calls.add(rel)
            if rel not in PSEUDONYMISE_NORMALISED and not _imports_name(tree, "collector.identifiers", "normalise_mac"):
                stray.append(rel)
    assert not stray, f"MACs pseudonymised without collector.identifiers.normalise_mac: {stray}"
    assert set(PSEUDONYMISE_NORMALISED) <= calls, "an exception no longer needed: take it off the list"
    assert {"collector/db/writer.py", "collector/sensing/probes.py", "collector/portal/formats/nds.py"} <= calls
