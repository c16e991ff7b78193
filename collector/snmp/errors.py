"""The SNMP client's small exception hierarchy (no pysnmp import: callers catch these only)."""

from __future__ import annotations


class SnmpError(Exception):
    """Any failure talking to an agent. `kind` is the PollResult.error_kind it maps to."""

    kind = "protocol"


class SnmpTimeout(SnmpError):
    """No answer within timeout x (retries + 1). For v1/v2c this includes a wrong community:
    agents silently drop requests with an unknown community."""

    kind = "timeout"


class SnmpAuthError(SnmpError):
    """The agent answered but refused our credentials (v3 USM report: wrong digest, unknown user,
    decryption error, unsupported security level)."""

    kind = "auth"


class SnmpUnreachable(SnmpError):
    """The agent's address cannot be used at all: name does not resolve, no route, port closed."""

    kind = "unreachable"


class SnmpProtocolError(SnmpError):
    """The agent answered with something we cannot use (error status, garbage)."""

    kind = "protocol"
