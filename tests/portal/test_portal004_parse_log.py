"""`kunang parse-log` prints one JSON object per line/record, exactly the expected events."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from collector.cli import main
from tests.portal.conftest import FIXTURES, NOW

KEYS = ["line", "kind", "time", "user", "mac", "ip", "bytes_in", "bytes_out", "duration_s", "reason", "format"]


@pytest.mark.parametrize("name", sorted(p.name[:-4] for p in FIXTURES.glob("*.log")))
def test_parse_log_json_matches_expected(name, tmp_path, capsys):
    copy = tmp_path / f"{name}.log"
    shutil.copy(FIXTURES / f"{name}.log", copy)
    os.utime(copy, (NOW.timestamp(), NOW.timestamp()))  # reference time for year / date inference
    rc = main(["parse-log", "--format", name.split(".")[0], "--json", "--tz", "Asia/Makassar", str(copy)])
    assert rc == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    expected = [json.loads(line) for line in (FIXTURES / f"{name}.expected.jsonl").read_text().splitlines()]
    assert [_as_expected(o) for o in out] == expected
    assert all(list(o) == KEYS for o in out if "error" not in o)


def _as_expected(o: dict) -> dict:
    """A quarantined line as the expected files hold it (ParseError.json_view)."""
    if "error" in o:
        assert list(o) == [*KEYS, "error"] and o["kind"] == "other"
        return {"line": o["line"], "kind": "error", "reason": o["error"], "format": o["format"]}
    return o


def test_parse_log_reports_bad_lines_and_bad_options(tmp_path, capsys):
    f = tmp_path / "mixed.log"
    f.write_bytes(b"<134>Nov 27 10:00:00 mt hotspot,info budi (10.5.50.9x): logged in\n"
                  b"<134>Nov 27 10:00:01 mt hotspot,account,info \xff\xfe budi (10.5.50.9): logged in\n\n"
                  b"just some words\n")
    assert main(["parse-log", "--json", str(f)]) == 0
    cap = capsys.readouterr()
    out = [json.loads(line) for line in cap.out.splitlines()]
    assert [o["kind"] for o in out] == ["other", "login", "other"]
    assert out[0]["error"] and out[0]["line"] == 1 and out[2]["line"] == 4
    assert out[1]["ip"] == "10.5.50.9" and out[1]["time"].endswith("-11-27T10:00:01+00:00")
    assert "3 line(s)/record(s), 1 unparseable" in cap.err
    assert main(["parse-log", str(tmp_path / "missing.log")]) == 1
    assert "missing.log" in capsys.readouterr().err
    assert main(["parse-log", "--tz", "Mars/Olympus", str(f)]) == 1
