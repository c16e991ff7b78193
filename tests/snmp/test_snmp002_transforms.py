"""Unit tests for each named transform (pure functions)."""

from __future__ import annotations

import pytest

from collector.profiles import transforms as tf


def run(name, value, arg=None):
    return tf.TRANSFORMS[name][0](value, arg)


def test_every_transform_has_a_test_here():
    tested = {"string", "lp_string", "mac", "ipv4", "int", "map", "equals", "in", "scale", "offset", "set", "regex",
              "format", "nonempty", "channel_to_mhz", "freq_to_channel", "freq_to_band", "channel_to_band", "band_from_text"}
    assert set(tf.TRANSFORMS) == tested


def test_string():
    assert run("string", b"Perpus\x00\x00") == "Perpus"
    assert run("string", (66, 85, 80, 84)) == "BUPT"
    assert run("string", b"\xff\xfe\x01") == "fffe01"  # undecodable -> hex, never a crash


def test_lp_string():
    assert run("lp_string", (6, 66, 85, 80, 84, 45, 49)) == "BUPT-1"
    with pytest.raises(ValueError):
        run("lp_string", (7, 66, 85))


def test_mac():
    assert run("mac", b"\x00\x3a\x98\xb0\x2e\x70") == "00:3a:98:b0:2e:70"
    assert run("mac", (0, 58, 152, 176, 46, 112)) == "00:3a:98:b0:2e:70"
    assert run("mac", "00-3A-98-B0-2E-70") == "00:3a:98:b0:2e:70"
    with pytest.raises(ValueError):
        run("mac", b"\x01\x02")


def test_ipv4():
    assert run("ipv4", b"\x0a\x00\x00\x01") == "10.0.0.1"
    assert run("ipv4", "10.0.0.2") == "10.0.0.2"
    with pytest.raises(ValueError):
        run("ipv4", b"\x01")


def test_int():
    assert run("int", (42,)) == 42
    assert run("int", b" 7 ") == 7
    with pytest.raises(ValueError):
        run("int", (1, 2))


def test_map():
    table = {"1": "2.4GHz", "2": "5GHz", "_default": None}
    assert run("map", 1, table) == "2.4GHz"
    assert run("map", b"2", table) == "5GHz"
    assert run("map", 9, table) is None
    assert run("map", b"Run", {"Run": True, "_default": False}) is True
    assert run("map", b"Join", {"Run": True, "_default": False}) is False


def test_equals_and_in():
    assert run("equals", 1, 1) is True and run("equals", 2, 1) is False
    assert run("in", 3, [1, 3]) is True and run("in", 4, [1, 3]) is False


def test_scale_offset_set():
    assert run("scale", 55, 0.1) == pytest.approx(5.5)
    assert run("scale", 30, 2) == 60
    assert run("offset", 30, -95) == -65
    assert run("set", 123456, 64) == 64


def test_regex_and_format():
    assert run("regex", b"2412/20-Ce/gn(20dBm)", r"^(\d{4})") == "2412"
    assert run("regex", "abc", r"\d+") is None
    assert run("format", 1, "slot {}") == "slot 1"


def test_nonempty():
    assert run("nonempty", b"") is None and run("nonempty", "") is None
    assert run("nonempty", b"x") == b"x"


def test_channels_and_bands():
    assert run("channel_to_mhz", 1) == 2412 and run("channel_to_mhz", 14) == 2484 and run("channel_to_mhz", 36) == 5180
    assert run("channel_to_mhz", 0) is None
    assert run("freq_to_channel", 2437) == 6 and run("freq_to_channel", 5180) == 36 and run("freq_to_channel", 5860) == 172
    assert run("freq_to_channel", 5955) == 1 and run("freq_to_channel", 100) is None
    assert run("freq_to_band", 2412) == "2.4GHz" and run("freq_to_band", 5500) == "5GHz" and run("freq_to_band", 6115) == "6GHz"
    assert run("channel_to_band", 11) == "2.4GHz" and run("channel_to_band", 161) == "5GHz" and run("channel_to_band", 0) is None
    assert run("band_from_text", b"2ghz-b/g/n") == "2.4GHz"
    assert run("band_from_text", "5ghz-a/n/ac") == "5GHz"
    assert run("band_from_text", "ng") == "2.4GHz" and run("band_from_text", "na") == "5GHz"
    assert run("band_from_text", "6ghz-ax") == "6GHz" and run("band_from_text", "") is None


def test_apply_chain_and_none_passthrough():
    assert tf.apply((("string", None), ("regex", r"^(\d+)"), ("int", None), ("freq_to_channel", None)), b"5180/20") == 36
    assert tf.apply((("mac", None),), None) is None
