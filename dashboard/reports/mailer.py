"""Sending reports by e-mail over SMTP (the channel named by `reports.channel`)."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from dashboard.reports.store import MEDIA_TYPES


class MailError(Exception):
    """The SMTP server refused or could not be reached (one clear line)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    sender: str
    port: int = 587
    security: str = "starttls"  # starttls | tls | none
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout_s: float = 30.0

    @classmethod
    def from_dict(cls, d: dict) -> "SmtpSettings":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d and d[k] is not None})


@dataclass(frozen=True)
class Attachment:
    filename: str
    fmt: str
    content: bytes


def build_message(sender: str, recipients: list[str], subject: str, body: str,
                  attachments: list[Attachment]) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] if "@" in sender else None)
    msg.set_content(body)
    for a in attachments:
        maintype, subtype = MEDIA_TYPES[a.fmt].split("/", 1)
        msg.add_attachment(a.content, maintype=maintype, subtype=subtype, filename=a.filename)
    return msg


def send(smtp: SmtpSettings, msg: EmailMessage, recipients: list[str]) -> dict:
    """Send; returns the recipients the server refused (some were accepted), raises MailError otherwise."""
    try:
        if smtp.security == "tls":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_s,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, smtp.password or "")
            refused = client.send_message(msg, from_addr=smtp.sender, to_addrs=recipients)
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(f"SMTP server {smtp.host}:{smtp.port} refused the login ({exc.smtp_code})") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError(f"SMTP server {smtp.host}:{smtp.port} refused every recipient: "
                        f"{', '.join(exc.recipients)}") from None
    except smtplib.SMTPException as exc:
        raise MailError(f"SMTP error from {smtp.host}:{smtp.port}: {exc}") from None
    except (OSError, ssl.SSLError) as exc:
        raise MailError(f"cannot reach SMTP server {smtp.host}:{smtp.port}: {exc}") from None
    return refused
