"""A recording line whose value does not fit its type (published walks have them: an anonymiser
wrote a MAC-like stand-in over a Counter64) is an error naming file and line for the strict reader,
and is left out - like an object the agent does not answer - by `Recording.load`, which lists it;
`kunang profile test` polls the rest and says what it left out, in English and Bahasa Indonesia."""

from __future__ import annotations

import json

import pytest

from collector.cli import main
from collector.snmp.recording import Recording, RecordingError, read_snmprec

LINES = [
    "1.3.6.1.2.1.1.1.0|4|LigoDLB 5-15ac v7.69",
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.32750",
    "1.3.6.1.2.1.2.2.1.2.7|4|wlan0",
    "1.3.6.1.2.1.2.2.1.8.7|2|1",
    "1.3.6.1.2.1.31.1.1.1.6.7|70|aabbccddeef4",  # not an integer: left out
    "1.3.6.1.2.1.31.1.1.1.10.7|70|4000",
    "1.3.6.1.4.1.32750.3.10.1.2.1.1.16.7|66|3",
]


@pytest.fixture()
def walk(tmp_path):
    path = tmp_path / "odd.snmprec"
    path.write_text("\n".join(LINES) + "\n")
    return path


def test_strict_reader_names_file_and_line(walk):
    with pytest.raises(RecordingError, match=r"odd\.snmprec:5: value 'aabbccddeef4' is not an integer \(type 70\)"):
        list(read_snmprec(walk))


def test_load_leaves_the_line_out_and_lists_it(walk):
    rec = Recording.load(walk)
    assert rec.skipped == ["odd.snmprec:5: value 'aabbccddeef4' is not an integer (type 70)"]
    assert rec.get((1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, 7)) is None
    assert rec.get((1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 10, 7)) == 4000
    assert len(rec.oids) == len(LINES) - 1


def test_a_malformed_line_still_fails(tmp_path):
    path = tmp_path / "broken.snmprec"
    path.write_text("1.3.6.1.2.1.1.1.0|4|ok\n1.3.6.1.2.1.1.2.0 no separators\n")
    with pytest.raises(RecordingError, match=r"broken\.snmprec:2: expected OID\|TYPE\|VALUE"):
        Recording.load(path)


def test_profile_test_polls_the_rest_and_warns(walk, capsys):
    rc = main(["profile", "test", "auto", str(walk), "--lang", "en"])
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert rc == 0 and (doc["profile"], doc["clients_total"]) == ("ligowave", 3)
    assert err.startswith("warning: 1 recording line(s) left out (value does not fit its type), first: odd.snmprec:5:")
    iface = next(i for i in doc["interfaces"] if i["index"] == 7)
    assert iface["out_octets"] == 4000 and iface["in_octets"] is None
    rc = main(["profile", "test", "auto", str(walk), "--lang", "id"])
    _out, err = capsys.readouterr()
    assert rc == 0 and err.startswith("peringatan: 1 baris rekaman dilewati (nilai tidak sesuai tipenya), yang pertama: odd.snmprec:5:")
