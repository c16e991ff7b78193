"""`python -m tests.snmp.snmpsim_agent ARGS`: snmpsim's command responder (the same arguments and
behaviour as `snmpsim-command-responder`), except how it opens a recording's index.

snmpsim keeps each index in dbm.dumb files (this Python has no gdbm), and dbm.dumb parses the .dir
file one `ast.literal_eval` per line: 16 s for the 554,000 keys of cisco-controller at load 10, paid
by every agent a test starts. The indexes tests/snmp/simulator.py builds carry the same dict in
marshal form beside the .dir, with the .dir's SHA-256: when it matches, that dict is used; any other
index (snmpsim's own, an older build) is read the ordinary way."""

from __future__ import annotations

import dbm.dumb
import hashlib
import marshal
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def snmpsim_command() -> list[str]:
    """The command line of this agent; give its process `snmpsim_env()`."""
    return [sys.executable, "-m", "tests.snmp.snmpsim_agent"]


def snmpsim_env(**extra: str) -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PYTHONPATH=path, SNMPSIM_ALLOW_ROOT="true", **extra)


_read_directory = dbm.dumb._Database._update


def _update(self, flag):
    """dbm.dumb's own reading of the .dir, unless the marshal copy beside it matches it."""
    base = self._dirfile[: -len(".dir")]
    try:
        with open(self._dirfile, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        with open(base + (b".marshal" if isinstance(base, bytes) else ".marshal"), "rb") as f:
            stored, index = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):  # no .dir yet (an index being built), no copy
        stored = digest = None
    if stored is None or stored != digest:
        _read_directory(self, flag)
        return
    self._modified = False
    self._index = index


if __name__ == "__main__":
    from snmpsim.commands.responder import main

    dbm.dumb._Database._update = _update
    sys.argv[0] = "snmpsim-command-responder"
    sys.exit(main())
