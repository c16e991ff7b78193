"""The strict v2c codec (collector/snmp/ber.py) against pysnmp's pyasn1 codec: the same varbinds
for every recording in the repository (and the snmpsim-data walks the suite uses), byte-identical
requests, and on fuzzed datagrams either pyasn1's answer or "not mine" (None), never another one."""

from __future__ import annotations

import bz2
from pathlib import Path

import pytest
import snmpsim_data
from hypothesis import HealthCheck, given, settings, strategies as st
from pyasn1.codec.ber import encoder
from pysnmp.proto import api
from pysnmp.proto import rfc1902, rfc1905
from snmpsim.record.snmprec import SnmprecRecord

from collector.snmp import ber, pyasn1_codec
from tests.snmp.cases import SNMPSIM_DATA

REPO = Path(__file__).resolve().parents[2]
V2C = api.PROTOCOL_MODULES[api.SNMP_VERSION_2C]
V1 = api.PROTOCOL_MODULES[api.SNMP_VERSION_1]
SNMPSIM_SAMPLE = 4000  # varbinds per snmpsim-data walk (spread over the file); the own recordings whole


def recording_lines(name: str) -> list[str]:
    if name.startswith("snmpsim:"):
        path = Path(snmpsim_data.__file__).parent / "data" / SNMPSIM_DATA[name[8:]]
        with bz2.open(path, "rt", encoding="latin-1") as f:
            lines = [line.rstrip("\n") for line in f if line.strip()]
        step = max(1, len(lines) // SNMPSIM_SAMPLE)
        return lines[::step]
    return [line for line in (REPO / "tests/data/snmprec" / f"{name}.snmprec").read_text().splitlines() if line.strip()]


RECORDINGS = sorted(p.stem for p in (REPO / "tests/data/snmprec").glob("*.snmprec")) + [f"snmpsim:{n}" for n in SNMPSIM_DATA]


def varbinds_of(lines: list[str]) -> list[tuple]:
    record = SnmprecRecord()
    out = []
    for line in lines:
        if line.startswith("#") or line.count("|") < 2:
            continue
        if ":" in line.split("|")[1]:  # a snmpsim variation module (delay, error): not a plain value
            continue
        oid, value = record.evaluate(line.encode("latin-1"))
        out.append((rfc1902.ObjectName(str(oid)), value))
    return out


def response(var_binds, request_id=4242, community=b"public", status=0, index=0, module=V2C) -> bytes:
    pdu = module.GetResponsePDU()
    module.apiPDU.set_defaults(pdu)
    module.apiPDU.set_request_id(pdu, request_id)
    module.apiPDU.set_error_status(pdu, status)
    module.apiPDU.set_error_index(pdu, index)
    module.apiPDU.set_varbinds(pdu, var_binds)
    msg = module.Message()
    module.apiMessage.set_defaults(msg)
    module.apiMessage.set_community(msg, community)
    module.apiMessage.set_pdu(msg, pdu)
    return encoder.encode(msg)


def reference(data: bytes):
    """pyasn1's answer, or the exception class if it has none."""
    try:
        return pyasn1_codec.decode_response(data, 1)
    except Exception as exc:  # noqa: BLE001 - any pyasn1 failure means "undecodable"
        return type(exc)


def agrees(data: bytes) -> None:
    fast = ber.decode_response(data)
    if fast is not None:  # else not mine: pysnmp decides
        assert fast == reference(data), data.hex()
    # the walk form (indexes under requested columns) agrees with the full form, split
    for columns in WALK_COLUMNS:
        walk = ber.decode_response(data, [ber.oid_contents(c) for c in columns], SHARED_INDEXES)
        if walk is None:
            assert fast is None, data.hex()  # one decoder: the same datagrams refused
            continue
        expected = reference(data)
        assert walk[:4] == expected[:4] and walk[4] == ber.split_rows(expected[4], columns), data.hex()


SHARED_INDEXES: dict = {}  # decoded indexes kept across datagrams, as a session keeps them
# columns a walk could ask for: under the seeds' OIDs, their parents, a one-arc prefix, and ones
# whose encodings share leading bytes with them (0.39 / 1.3 share 0x2b...; multi-byte arcs)
WALK_COLUMNS = [[(1, 3)], [(1, 3, 6, 1, 4, 1, 14988, 1, 1, 1, 2, 1, 3), (1, 3, 6, 1, 2, 1)], [(0, 39), (2, 999), (1, 3, 6, 1, 4, 1, 14988)]]


def parent(oid: tuple, up: int) -> tuple:
    return oid[:-up] if len(oid) - up >= 2 else oid[:2]


@pytest.mark.parametrize("name", RECORDINGS)
def test_every_recording_decodes_as_pyasn1_does(name):
    var_binds = varbinds_of(recording_lines(name))
    assert var_binds
    for start in range(0, len(var_binds), 40):
        data = response(var_binds[start : start + 40], request_id=start + 1)
        fast = ber.decode_response(data)
        assert fast is not None, f"{name}: the strict decoder refused a plain response at varbind {start}"
        expected = pyasn1_codec.decode_response(data, 1)
        assert fast == expected
        # as the answer to a walk: each varbind under a column of its own table (the parent of its
        # OID), of another one (the previous varbind's), or outside its column
        oids = [oid for oid, _value in expected[4]]
        for columns in ([parent(o, 1) for o in oids], [parent(oids[k - 1], 1) for k in range(len(oids))],
                        [parent(o, 2) for o in oids[:3]]):
            walk = ber.decode_response(data, [ber.oid_contents(c) for c in columns], {})
            assert walk is not None and walk[4] == ber.split_rows(expected[4], columns), name


def test_exceptions_null_and_extremes_decode_as_pyasn1_does():
    oid = rfc1902.ObjectName("1.3.6.1.2.1.2.2.1.10.1")
    values = [rfc1905.endOfMibView, rfc1905.noSuchObject, rfc1905.noSuchInstance, rfc1902.Null(""),
              rfc1902.Integer32(-(2**31)), rfc1902.Integer32(2**31 - 1), rfc1902.Counter32(2**32 - 1),
              rfc1902.Gauge32(0), rfc1902.TimeTicks(2**32 - 1), rfc1902.Counter64(2**64 - 1),
              rfc1902.IpAddress("10.0.0.255"), rfc1902.Opaque(b"\x9f\x78\x04"), rfc1902.OctetString(b""),
              rfc1902.ObjectIdentifier("2.999.1"), rfc1902.ObjectIdentifier("0.39")]
    for status, index in ((0, 0), (2, 1), (18, 3), (99, len(values))):
        data = response([(oid, v) for v in values], request_id=-(2**31), status=status, index=index)
        fast = ber.decode_response(data)
        assert fast is not None and fast == pyasn1_codec.decode_response(data, 1)
    assert fast[4][0][1] is ber.END and fast[4][3][1] == b""
    beyond = response([(oid, v) for v in values], index=len(values) + 1)  # pysnmp refuses it
    assert ber.decode_response(beyond) is None and reference(beyond) is not None and isinstance(reference(beyond), type)


def test_not_mine_goes_to_pyasn1():
    oid = rfc1902.ObjectName("1.3.6.1.2.1.1.5.0")
    plain = response([(oid, rfc1902.OctetString(b"ap"))])
    assert ber.decode_response(plain) is not None
    assert ber.decode_response(plain + b"\x00") is None  # trailing bytes
    assert ber.decode_response(response([(oid, rfc1902.OctetString(b"ap"))], module=V1)) is None  # SNMPv1
    long_form = b"\x30\x82" + len(plain[2:]).to_bytes(2, "big") + plain[2:]  # a non-minimal length
    assert ber.decode_response(long_form) == ber.decode_response(plain) == reference(long_form)
    indefinite = b"\x30\x80" + plain[2:] + b"\x00\x00"
    assert ber.decode_response(indefinite) is None
    assert ber.decode_response(b"") is None and ber.decode_response(b"\x30") is None


@pytest.mark.parametrize("version,module", [(0, V1), (1, V2C)])
def test_requests_are_byte_identical_to_pysnmp(version, module):
    oids = [(1, 3, 6, 1, 2, 1, 1, 1, 0), (1, 3, 6, 1, 4, 1, 14988, 1, 1, 1, 2, 1, 3, 2, 0, 255, 128, 65535, 4),
            (2, 999, 2**32 - 1), (0, 0)]
    cases = [(ber.GET, module.GetRequestPDU, None), (ber.GETNEXT, module.GetNextRequestPDU, None)]
    if version == 1:
        cases.append((ber.GETBULK, module.GetBulkRequestPDU, 37))
    for tag, cls, reps in cases:
        for request_id in (1, 127, 128, 2**31 - 1):
            pdu = cls()
            api_ = module.apiBulkPDU if reps else module.apiPDU
            api_.set_defaults(pdu)
            api_.set_request_id(pdu, request_id)
            if reps:
                api_.set_non_repeaters(pdu, 0)
                api_.set_max_repetitions(pdu, reps)
            api_.set_varbinds(pdu, [(o, module.Null("")) for o in oids])
            msg = module.Message()
            module.apiMessage.set_defaults(msg)
            module.apiMessage.set_community(msg, b"c\x00mm")
            module.apiMessage.set_pdu(msg, pdu)
            ours = ber.encode_request(tag, version, b"c\x00mm", request_id, oids, 0, reps or 0)
            assert ours == encoder.encode(msg)


def test_oids_no_agent_could_take_are_refused():
    for oid in [(1,), (3, 1), (1, 40), (1, 3, -1)]:
        with pytest.raises(ValueError):
            ber.encode_oid(oid)


# ------------------------------------------------------------------------------------ fuzzing

def _seed_messages() -> list[bytes]:
    lines = recording_lines("mikrotik-wifi")[:30] + recording_lines("aruba-instant")[:20]
    vbs = varbinds_of(lines)
    return [response(vbs[i : i + 6], request_id=i) for i in range(0, len(vbs), 6)]


SEEDS = _seed_messages()
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=300))
def test_random_datagrams(data):
    agrees(data)
    agrees(b"\x30" + bytes([len(data) & 0x7F]) + data)


@FUZZ
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255), st.sampled_from("fid")),
                                        min_size=1, max_size=4))
def test_mutated_responses(seed, edits):
    data = bytearray(seed)
    for pos, byte, kind in edits:
        pos %= len(data) + (kind == "i")
        if kind == "f":
            data[pos % len(data)] = byte
        elif kind == "i":
            data.insert(pos, byte)
        elif len(data) > 1:
            del data[pos % len(data)]
    agrees(bytes(data))


@FUZZ
@given(st.sampled_from([0x02, 0x04, 0x05, 0x06, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x80, 0x81, 0x82, 0x83, 0x24]),
       st.binary(max_size=12), st.binary(min_size=1, max_size=12))
def test_any_value_encoding(tag, content, oid_body):
    """A well-framed response whose one varbind carries any tag and contents (out-of-range
    integers, wrong lengths, bad OIDs): the decoder answers as pyasn1 does or not at all."""
    value = bytes([tag, len(content)]) + content
    name = b"\x06" + bytes([len(oid_body)]) + oid_body
    vb = b"\x30" + bytes([len(name) + len(value)]) + name + value
    vbl = b"\x30" + bytes([len(vb)]) + vb
    pdu_body = b"\x02\x01\x07\x02\x01\x00\x02\x01\x00" + vbl
    pdu = b"\xa2" + bytes([len(pdu_body)]) + pdu_body
    msg_body = b"\x02\x01\x01\x04\x01c" + pdu
    agrees(b"\x30" + bytes([len(msg_body)]) + msg_body)


@given(st.lists(st.integers(0, 2**40), min_size=0, max_size=8))
@settings(max_examples=200, deadline=None)
def test_a_walk_request_encodes_as_the_whole_oid(index):
    """The next request of a walk encodes only the index after the column's encoded contents."""
    for column in [(1, 3, 6, 1, 4, 1, 14179, 2, 1, 4, 1, 4), (1, 3, 6, 1, 2, 1, 2, 2, 1, 10), (2, 999), (0, 39)]:
        oid = column + tuple(index)
        assert ber.encode_under(ber.oid_contents(column), tuple(index)) == ber.encode_oid(oid)
    long_column = (1, 3) + (200,) * 70  # contents over 127 bytes: a long length
    assert ber.oid_contents(long_column) == ber.encode_oid(long_column)[3:]
