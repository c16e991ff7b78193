"""Pure decoding of values and indexes (collector/snmp/decode.py) and MAC normalisation."""

from __future__ import annotations

import pytest

from collector.snmp import decode
from collector.identifiers import normalise_mac


@pytest.mark.parametrize("raw, expected", [
    (b"\x00\x0b\x86\x81\x4e\xa8", "00:0b:86:81:4e:a8"),
    ((0, 11, 134, 129, 78, 168), "00:0b:86:81:4e:a8"),
    ("00:0B:86:81:4E:A8", "00:0b:86:81:4e:a8"),
    ("000b.8681.4ea8", "00:0b:86:81:4e:a8"),
    ("0:b:86:81:4e:a8", "00:0b:86:81:4e:a8"),
    (b"00:0b:86:81:4e:a8", "00:0b:86:81:4e:a8"),  # MAC sent as text
    (b"", None),
    (None, None),
])
def test_mac(raw, expected):
    assert decode.mac(raw) == expected == normalise_mac(raw)


@pytest.mark.parametrize("raw", [b"\x01\x02\x03", "zz:zz:zz:zz:zz:zz", (1, 2, 3, 4, 5, 6, 7)])
def test_bad_mac_raises(raw):
    with pytest.raises(ValueError):
        decode.mac(raw)


def test_text_and_strings_in_indexes():
    assert decode.text(b"wrd-dot1x") == "wrd-dot1x"
    assert decode.text(b"patrikeevo_skl\x00\x00") == "patrikeevo_skl"
    assert decode.text(b"\x01\x02") == "0102"
    assert decode.length_prefixed((6, 66, 85, 80, 84, 45, 49)) == "BUPT-1"
    assert decode.implied((66, 85, 80, 84)) == "BUPT"
    with pytest.raises(ValueError):
        decode.length_prefixed((5, 66))


def test_ipv4_and_integer():
    assert decode.ipv4((10, 20, 101, 254)) == "10.20.101.254"
    assert decode.ipv4(b"\x0a\x00\x00\x01") == "10.0.0.1"
    assert decode.ipv4("1.2.3.4") == "1.2.3.4"
    with pytest.raises(ValueError):
        decode.ipv4(b"\x01\x02\x03")
    assert decode.integer((35,)) == 35 and decode.integer(b"12") == 12 and decode.integer(7) == 7


def test_an_integer_is_never_a_mac():
    """An agent answering an Integer where a MAC is read: an error (strict) or None, never bytes(n)
    (6 would become 00:00:00:00:00:00; 4,000,000,000 would allocate 4 GB)."""
    import pytest

    from collector.identifiers import normalise_mac
    from collector.snmp import decode

    assert normalise_mac(6) is None and normalise_mac(4_000_000_000) is None
    for value in (6, 120000, 4_000_000_000):
        with pytest.raises(ValueError):
            decode.mac(value)
