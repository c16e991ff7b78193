"""SNMPv3 through pysnmp's SNMP engine (asyncio), which implements USM: discovery, time windows,
keys, authentication and privacy. That is not something to re-implement; v1/v2c never come here
(`collector.snmp.transport`). The only module that imports pysnmp's engine.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from pysnmp.entity.rfc3413 import cmdgen
from pysnmp.hlapi.v3arch.asyncio import (
    ContextData,
    SnmpEngine,
    UdpTransportTarget,
    UsmUserData,
    usmAesBlumenthalCfb192Protocol,
    usmAesBlumenthalCfb256Protocol,
    usmAesCfb128Protocol,
    usmDESPrivProtocol,
    usmHMAC128SHA224AuthProtocol,
    usmHMAC192SHA256AuthProtocol,
    usmHMAC256SHA384AuthProtocol,
    usmHMAC384SHA512AuthProtocol,
    usmHMACMD5AuthProtocol,
    usmHMACSHAAuthProtocol,
)
from pysnmp.hlapi.v3arch.asyncio.lcd import CommandGeneratorLcdConfigurator
from pysnmp.proto import errind
from pysnmp.proto.rfc1902 import Null, ObjectName

from collector.snmp import ber
from collector.snmp.errors import SnmpAuthError, SnmpError, SnmpProtocolError, SnmpTimeout, SnmpUnreachable
from collector.snmp.model import SnmpTarget
from collector.snmp.pyasn1_codec import varbinds_to_python

_AUTH = {
    "MD5": usmHMACMD5AuthProtocol,
    "SHA": usmHMACSHAAuthProtocol,
    "SHA-224": usmHMAC128SHA224AuthProtocol,
    "SHA-256": usmHMAC192SHA256AuthProtocol,
    "SHA-384": usmHMAC256SHA384AuthProtocol,
    "SHA-512": usmHMAC384SHA512AuthProtocol,
}
# AES-192/256 with the key extension net-snmp uses (draft-blumenthal), so both interoperate.
_PRIV = {
    "DES": usmDESPrivProtocol,
    "AES": usmAesCfb128Protocol,
    "AES-192": usmAesBlumenthalCfb192Protocol,
    "AES-256": usmAesBlumenthalCfb256Protocol,
}
_AUTH_ERRORS = (
    errind.WrongDigest,
    errind.UnknownUserName,
    errind.UnknownSecurityName,
    errind.UnsupportedSecurityLevel,
    errind.DecryptionError,
    errind.AuthenticationError,
    errind.AuthenticationFailure,
    errind.NotInTimeWindow,
    errind.UnknownCommunityName,
    errind.NoAccessEntry,
    errind.NotInView,
)
# The HLAPI's get_cmd/bulk_cmd resolve every request OID through the MIB view (even with
# lookupMib=False) and re-wrap every answer; that was a fifth of the poller's CPU. We use the same
# asyncio engine one layer down: LCD configuration as the HLAPI does it, then the RFC 3413 command
# generators with raw (ObjectName, value) pairs.
_LCD = CommandGeneratorLcdConfigurator()
_GENERATORS = {ber.GET: cmdgen.GetCommandGenerator(), ber.GETNEXT: cmdgen.NextCommandGenerator(),
               ber.GETBULK: cmdgen.BulkCommandGenerator()}


def new_snmp_engine() -> Any:
    return SnmpEngine()


def close_snmp_engine(engine: Any) -> None:
    try:
        engine.close_dispatcher()
    except Exception:  # already closed, or nothing was opened
        pass


class UsmChannel:
    """One SNMPv3 agent through the shared engine; `request` as `transport.Channel.request`."""

    def __init__(self, target: SnmpTarget, engine: Any, transport: Any) -> None:
        self.target = target
        self._engine = engine
        self._transport = transport
        self._auth = UsmUserData(
            target.user,
            authKey=target.auth_key,
            privKey=target.priv_key,
            authProtocol=_AUTH[target.auth_protocol] if target.auth_protocol else None,
            privProtocol=_PRIV[target.priv_protocol] if target.priv_protocol else None,
        )
        self._context = ContextData(contextName=target.context.encode()) if target.context else ContextData()

    @classmethod
    async def open(cls, target: SnmpTarget, engine: Any) -> UsmChannel:
        try:
            transport = await UdpTransportTarget.create(
                (target.host, target.port), timeout=target.timeout_s, retries=target.retries
            )
        except (OSError, socket.gaierror) as exc:
            raise SnmpUnreachable(f"{target.address}: cannot resolve or reach: {exc}") from None
        except Exception as exc:  # pysnmp wraps resolution failures in PySnmpError
            raise SnmpUnreachable(f"{target.address}: cannot resolve or reach: {exc}") from None
        return cls(target, engine, transport)

    def close(self) -> None:
        pass  # the engine owns the socket

    async def request(self, pdu: int, oids: list[ber.Oid], repetitions: int = 0, columns: list[ber.Oid] | None = None):
        try:
            addr_name, _params = _LCD.configure(self._engine, self._auth, self._transport, self._context.contextName)
            future = asyncio.get_running_loop().create_future()

            def done(_engine, _handle, err_ind, err_status, err_index, var_binds, _ctx):
                if not future.done():
                    future.set_result((err_ind, err_status, err_index, var_binds))

            var_binds = [(ObjectName(oid), Null("")) for oid in oids]
            ctx_engine, ctx_name = self._context.contextEngineId, self._context.contextName
            generator = _GENERATORS[pdu]
            if pdu == ber.GETBULK:
                generator.send_varbinds(self._engine, addr_name, ctx_engine, ctx_name, 0, repetitions, var_binds, done)
            else:
                generator.send_varbinds(self._engine, addr_name, ctx_engine, ctx_name, var_binds, done)
            err_ind, err_status, err_index, var_binds = await future
        except SnmpError:
            raise
        except OSError as exc:
            raise SnmpUnreachable(f"{self.target.address}: {exc}") from None
        except Exception as exc:  # pysnmp raises PySnmpError / pyasn1 errors on garbage
            raise SnmpProtocolError(f"{self.target.address}: {exc.__class__.__name__}: {exc}") from None
        if err_ind:
            raise _map_indication(self.target, err_ind)
        rows = varbinds_to_python(var_binds)
        return int(err_status), int(err_index), rows if columns is None else ber.split_rows(rows, columns)


def _map_indication(target: SnmpTarget, indication: Any) -> SnmpError:
    text = str(indication)
    if isinstance(indication, errind.RequestTimedOut):
        return SnmpTimeout(f"{target.address}: no response within {target.timeout_s:g} s x {target.retries + 1}")
    if isinstance(indication, _AUTH_ERRORS):
        return SnmpAuthError(f"{target.address}: authentication failed: {text}")
    return SnmpProtocolError(f"{target.address}: {text}")
