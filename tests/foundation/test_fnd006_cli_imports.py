"""`kunang --help` and the commands that do not poll import nothing of pysnmp, pyasn1 or Dash
(their start-up time is measured in bench/cli_startup.py, not here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("pysnmp", "pyasn1", "pysmi", "dash", "plotly", "flask", "scapy")

PROBE = """
import sys, contextlib, io
from collector.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
import json
print(json.dumps({"code": code, "modules": sorted({m.split('.')[0] for m in sys.modules})}))
"""


def loaded(*argv: str, cwd: Path) -> tuple[int, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                         check=True, timeout=120).stdout
    doc = json.loads(out.strip().splitlines()[-1])
    return doc["code"], set(doc["modules"])


@pytest.mark.parametrize("argv", [
    ["--help"], [], ["poll", "--help"], ["collect", "--help"], ["simulate", "--help"], ["db", "--help"],
    ["report", "--help"], ["dashboard", "--help"], ["check-config"], ["parse-log", "-"],
])
def test_no_snmp_stack_or_dash_without_polling(argv, tmp_path):
    (tmp_path / "kunang.yaml").write_text((REPO / "config" / "kunang.example.yaml").read_text())
    code, modules = loaded(*argv, cwd=tmp_path)
    assert code in (0, 1, 2, None), code
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_the_probe_sees_a_poll(tmp_path):
    """The same probe does see pysnmp's codec once the v1 path decodes (so the test above can fail)."""
    code = "import collector.snmp.pyasn1_codec, sys; print('pysnmp' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(REPO)}).stdout
    assert out.strip() == "True"
