"""A real SMTP server (aiosmtpd) on loopback that keeps what it receives."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.ports import free_port

USER, PASSWORD = "kunang", "s3cret-pw"


@dataclass
class Inbox:
    messages: list = field(default_factory=list)  # (envelope recipients, parsed message)
    logins: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"


def start(inbox: Inbox) -> Controller:
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER \
            and auth_data.password.decode() == PASSWORD
        inbox.logins.append((mechanism, ok))
        return AuthResult(success=ok, handled=False)

    ctl = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticator,
                     auth_require_tls=False, auth_required=True)
    ctl.start()
    return ctl
