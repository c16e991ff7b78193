"""The code's layout rules (docs/architecture.md): collector and dashboard never import each other, no
import cycle, a module over 300 lines says at its top why it is that long, and the paths the architecture
document and the README's layout table name exist."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("collector", "dashboard", "contract")  # the program's code
SIZED = PACKAGES + ("bench", "tests")  # every Python module of the repository
MAX_LINES = 300
MAX_WITH_REASON = 500  # STYLE.md: "treat 500 as the point to split", a Size: paragraph or not


def _modules(packages=PACKAGES) -> dict[str, Path]:
    out = {}
    for pkg in packages:
        for f in (ROOT / pkg).rglob("*.py"):
            name = ".".join(f.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = f
    return out


def _absolute(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The module an import names, relative imports (`from . import x`, `from ..a import b`) resolved."""
    if node.level == 0:
        return node.module or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    base = parts[:len(parts) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(tree: ast.AST, module_level_only: bool, module: str = "", is_package: bool = False) -> set[str]:
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
        elif isinstance(n, ast.ImportFrom):
            target = _absolute(module, is_package, n)
            if target:
                out.add(target)
                out |= {f"{target}.{a.name}" for a in n.names}
    return out


def _graph(mods: dict[str, Path], module_level_only: bool = True) -> dict[str, set[str]]:
    """Module -> the modules of `mods` it imports when it is imported (module level), or at all."""
    graph = {}
    for name, f in mods.items():
        found = _imports(ast.parse(f.read_text()), module_level_only, name, f.name == "__init__.py")
        graph[name] = {i for i in found if i in mods and i != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            v, children = work[-1]
            w = next(children, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    cycles.append(sorted(comp))
    return cycles


def test_collector_and_dashboard_never_import_each_other():
    bad = []
    for name, f in _modules().items():
        top = name.split(".")[0]
        for imp in _imports(ast.parse(f.read_text()), False, name, f.name == "__init__.py"):
            other = imp.split(".")[0]
            if (top, other) in (("collector", "dashboard"), ("dashboard", "collector")) or \
                    (top == "contract" and other in ("collector", "dashboard")):
                bad.append(f"{name} imports {imp}")
    assert not bad, "collector/ and dashboard/ meet only in the database schema and contract/: " + "; ".join(bad)


def test_the_cycle_finder_finds_cycles():
    """The check below can fail: a cycle through three modules, a relative import, a lazy import that is none."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []
    tree = ast.parse("from . import sibling\nfrom ..other import thing\ndef f():\n    import lazy\n")
    assert _imports(tree, True, "pkg.sub.mod") == {"pkg.sub", "pkg.sub.sibling", "pkg.other", "pkg.other.thing"}
    assert _imports(ast.parse("from . import mod"), True, "pkg", is_package=True) == {"pkg", "pkg.mod"}


def test_no_import_cycle():
    """Between any modules of collector/, dashboard/ and contract/ (imports at module level, relative ones
    resolved; an import inside a function runs later and makes no cycle at import time)."""
    mods = _modules()
    cycles = _cycles(_graph(mods))
    assert not cycles, f"module-level import cycles: {cycles}"


def test_no_import_cycle_hidden_in_a_function():
    """Nor counting the imports inside functions: an import deferred into a function to dodge a cycle
    keeps the two modules tangled (each needs the other; dashboard/reports/tables.py and its sections were,
    until cells.py). The same graph as grimp's (checked with grimp 3.20: no cycle in collector, dashboard)."""
    cycles = _cycles(_graph(_modules(), module_level_only=False))
    assert not cycles, f"import cycles through imports inside functions: {cycles}"


def test_long_modules_say_why():
    long, huge = [], []
    for name, f in _modules(SIZED).items():
        text = f.read_text()
        lines = text.count("\n")
        if lines > MAX_LINES and "Size:" not in (ast.get_docstring(ast.parse(text)) or ""):
            long.append(f"{f.relative_to(ROOT)} ({lines} lines)")
        if lines > MAX_WITH_REASON:
            huge.append(f"{f.relative_to(ROOT)} ({lines} lines)")
    assert not long, (f"modules over {MAX_LINES} lines: split them by job, or say why at the top of the module "
                      f"docstring in a paragraph starting 'Size:': {long}")
    assert not huge, f"modules over {MAX_WITH_REASON} lines, the point to split whatever the reason: {huge}"


# ----------------------------------------------------------------- the documents name real paths

PATHLIKE = re.compile(r"^[\w.*<>-]+(?:/[\w.*<>-]*)*$")
SEARCHED = ("collector", "dashboard", "contract", "tests", "bench", "docs", "deploy", "config")


def _exists(token: str) -> bool:
    """`token` names a file or folder: from the repository's root, or (the documents shorten paths
    inside a section about one package) as the end of a path under one of SEARCHED. `*`, `<name>` and
    `NNNN` are wildcards."""
    pattern = re.sub(r"<[^>]+>|NNNN", "*", token.rstrip("/"))
    if list(ROOT.glob(pattern)):
        return True
    return any(list((ROOT / top).glob("**/" + pattern)) for top in SEARCHED)


def _named_paths(text: str) -> set[str]:
    """Backticked tokens that look like paths (a `/`, or a file ending), and the path-like words of
    fenced code blocks with a `/` or a `.py`/`.sql`/`.yaml` ending."""
    tokens = set()
    for t in re.findall(r"`([^`\n]+)`", text):
        t = t.strip()
        if PATHLIKE.match(t) and ("/" in t or re.search(r"\.(py|sql|yaml|md)$", t)) and not t.startswith(("-", ".")):
            tokens.add(t)
    for block in re.findall(r"```\n(.*?)```", text, re.S):
        for word in re.findall(r"[\w<>./*-]+", block):
            word = word.strip(".")
            if re.search(r"\.(py|sql|yaml)$", word) or (word.endswith("/") and len(word) > 1):
                tokens.add(word)
    return tokens


def test_docs_name_paths_that_exist():
    """docs/architecture.md and the README's layout table: every file or folder they name exists."""
    missing = []
    arch = (ROOT / "docs" / "architecture.md").read_text()
    readme = (ROOT / "README.md").read_text()
    layout = readme[readme.index("## Layout"):readme.index("\n## ", readme.index("## Layout") + 1)]
    for doc, text in (("docs/architecture.md", arch), ("README.md, Layout", layout)):
        named = _named_paths(text)
        assert len(named) > 20, f"{doc}: the path finder found almost nothing ({sorted(named)})"
        missing += [f"{doc}: {p}" for p in sorted(named) if not _exists(p)]
    assert not missing, "named in the documents but not in the tree: " + "; ".join(missing)
    assert not _exists("collector/no_such_module.py") and _exists("portal/formats/<format>.py")  # the check itself


def test_readme_layout_names_every_part():
    """Each row's first cell names paths: a full one first, the others relative to its package (`collector/`,
    `dashboard/`). Each exists, and together they name every module and folder at the top of collector/,
    dashboard/ and the repository's code folders, so a newcomer finds each part in the table."""
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Layout")
    table = readme[start:readme.index("\n## ", start + 1)]
    named, missing = set(), []
    for row in re.findall(r"^\| (`[^|]+) \|", table, re.M):
        tokens = re.findall(r"`([^`]+)`", row)
        top = tokens[0].split("/")[0]
        for tok in tokens:
            path = tok if "/" in tok.rstrip("/") or tok.rstrip("/") == top else f"{top}/{tok}"
            named.add(path.rstrip("/"))
            if not (ROOT / path).exists():
                missing.append(tok)
    assert not missing, f"README layout table: no such path: {missing}"
    parts = {f"{pkg}/{p.name}" for pkg in ("collector", "dashboard") for p in (ROOT / pkg).iterdir()
             if p.name not in ("__init__.py", "__main__.py", "__pycache__")}
    parts |= {p for p in ("contract", "config", "tests", "bench", "docs") if (ROOT / p).is_dir()}
    unnamed = sorted(parts - named)
    assert not unnamed, f"README layout table: parts no row names: {unnamed}"
