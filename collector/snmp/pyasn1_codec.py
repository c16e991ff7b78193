"""pysnmp's message-level codec (pyasn1 BER): SNMPv1 responses, and every v2c datagram the strict
decoder (`collector/snmp/ber.py`) does not answer for. Imported only when such a datagram arrives.

Returns what `ber.decode_response` returns, so the transport has one form to handle.
"""

from __future__ import annotations

from typing import Any

from pyasn1.codec.ber import decoder as _ber_decoder
from pysnmp.proto import api as _api

from collector.snmp.ber import END, Oid

_END = ("EndOfMibView", "NoSuchObject", "NoSuchInstance")
_MODULES = {0: _api.PROTOCOL_MODULES[_api.SNMP_VERSION_1], 1: _api.PROTOCOL_MODULES[_api.SNMP_VERSION_2C]}


def to_python(value: Any) -> Any:
    """pyasn1 SNMP value -> int | bytes | str; END for noSuchObject/noSuchInstance/endOfMibView."""
    kind = value.__class__.__name__
    if kind in _END:
        return END
    if kind == "IpAddress":
        return ".".join(str(b) for b in value.asOctets())
    if kind == "ObjectIdentifier" or kind == "ObjectName":
        return str(value)
    if kind in ("OctetString", "Opaque", "Bits"):
        return bytes(value.asOctets())
    try:
        return int(value)
    except (TypeError, ValueError):
        return bytes(value.asOctets()) if hasattr(value, "asOctets") else str(value)


def varbinds_to_python(var_binds: Any) -> list[tuple[Oid, Any]]:
    return [(tuple(name.asTuple()), to_python(value)) for name, value in var_binds]


def decode_response(data: bytes, version: int) -> tuple[bytes, int, int, int, list[tuple[Oid, Any]]] | None:
    """A v1 (0) or v2c (1) Response-PDU -> (community, request_id, error_status, error_index,
    varbinds); None if the datagram is a message of another PDU type. Raises on undecodable data
    (pyasn1 raises several kinds: all mean "not an SNMP response")."""
    m = _MODULES[version]
    msg, _rest = _ber_decoder.decode(data, asn1Spec=m.Message())
    pdu = m.apiMessage.get_pdu(msg)
    if not isinstance(pdu, m.GetResponsePDU):
        return None
    p = m.apiPDU
    return (bytes(m.apiMessage.get_community(msg)), int(p.get_request_id(pdu)), int(p.get_error_status(pdu)),
            int(p.get_error_index(pdu)), varbinds_to_python(p.get_varbinds(pdu)))
