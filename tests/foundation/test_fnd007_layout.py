"""The code's layout rules (docs/architecture.md): collector and dashboard never import each other, no
import cycle, and a module over 300 lines says at its top why it is that long."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("collector", "dashboard", "contract")
MAX_LINES = 300


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for f in (ROOT / pkg).rglob("*.py"):
            name = ".".join(f.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = f
    return out


def _imports(tree: ast.AST, module_level_only: bool) -> set[str]:
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    if module_level_only:  # module-level statements, including those inside try/if (not TYPE_CHECKING)
        flat = []
        for n in nodes:
            if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test):
                continue
            flat += [n] + (list(ast.walk(n)) if isinstance(n, (ast.Try, ast.If)) else [])
        nodes = flat
    out = set()
    for n in nodes:
        if isinstance(n, ast.Import):
            out |= {a.name for a in n.names}
        elif isinstance(n, ast.ImportFrom) and n.module and n.level == 0:
            out.add(n.module)
            out |= {f"{n.module}.{a.name}" for a in n.names}
    return out


def test_collector_and_dashboard_never_import_each_other():
    bad = []
    for name, f in _modules().items():
        top = name.split(".")[0]
        for imp in _imports(ast.parse(f.read_text()), module_level_only=False):
            other = imp.split(".")[0]
            if (top, other) in (("collector", "dashboard"), ("dashboard", "collector")) or \
                    (top == "contract" and other in ("collector", "dashboard")):
                bad.append(f"{name} imports {imp}")
    assert not bad, "collector/ and dashboard/ meet only in the database schema and contract/: " + "; ".join(bad)


def test_no_import_cycle():
    mods = _modules()
    graph = {name: {i for i in _imports(ast.parse(f.read_text()), module_level_only=True) if i in mods and i != name}
             for name, f in mods.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    assert not cycles, f"module-level import cycles: {cycles}"


def test_long_modules_say_why():
    long = []
    for name, f in _modules().items():
        text = f.read_text()
        if text.count("\n") > MAX_LINES and "Size:" not in (ast.get_docstring(ast.parse(text)) or ""):
            long.append(f"{f.relative_to(ROOT)} ({text.count(chr(10))} lines)")
    assert not long, (f"modules over {MAX_LINES} lines: split them by job, or say why at the top of the module "
                      f"docstring in a paragraph starting 'Size:': {long}")
