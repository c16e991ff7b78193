"""Notification channels: SMTP e-mail, Telegram Bot API, generic webhook.

`send(channel, subject, body, payload)` delivers one message and returns a
short description of the server's answer, or raises `DeliveryError` (with
`permanent` when retrying cannot help, and `retry_after` when the server asks
for a pause). Channel objects are the config's EmailChannel / TelegramChannel
/ WebhookChannel. Certificates are verified against the system store (or
$SSL_CERT_FILE).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
import urllib.error
import urllib.parse
import urllib.request
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

TIMEOUT_S = 15.0
SIGNATURE_HEADER = "X-Kunang-Signature-256"


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool = False, retry_after: float | None = None):
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


def _secret(value) -> str:
    return value.reveal() if hasattr(value, "reveal") else str(value)


def send(channel, subject: str, body: str, payload: dict, timeout: float = TIMEOUT_S) -> str:
    kind = channel.type
    if kind == "email":
        return send_email(channel, subject, body, timeout)
    if kind == "telegram":
        return send_telegram(channel, subject, body, timeout)
    if kind == "webhook":
        return send_webhook(channel, payload, timeout)
    raise DeliveryError(f"unknown channel type {kind!r}", permanent=True)


# ------------------------------------------------------------------ e-mail


def send_email(ch, subject: str, body: str, timeout: float = TIMEOUT_S) -> str:
    msg = EmailMessage()
    msg["From"] = ch.sender
    msg["To"] = ", ".join(ch.recipients)
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="kunang")
    msg.set_content(body)
    context = ssl.create_default_context()
    try:
        if ch.security == "tls":
            smtp = smtplib.SMTP_SSL(ch.host, ch.port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(ch.host, ch.port, timeout=timeout)
        with smtp:
            smtp.ehlo()
            if ch.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise DeliveryError(f"{ch.host}:{ch.port} does not offer STARTTLS", permanent=True)
                smtp.starttls(context=context)
                smtp.ehlo()
            if ch.username:
                smtp.login(ch.username, _secret(ch.password or ""))
            refused = smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"SMTP login refused: {exc.smtp_code} {_text(exc.smtp_error)}", permanent=True) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"all recipients refused: {', '.join(exc.recipients)}", permanent=True) from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"SMTP error {exc.smtp_code} {_text(exc.smtp_error)}",
                            permanent=500 <= exc.smtp_code < 600) from None
    except ssl.SSLCertVerificationError as exc:
        raise DeliveryError(f"TLS certificate of {ch.host} not trusted: {exc.verify_message}") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"cannot deliver via {ch.host}:{ch.port}: {exc or type(exc).__name__}") from None
    if refused:
        return f"accepted, refused for {', '.join(refused)}"
    return f"accepted for {len(ch.recipients)} recipient(s)"


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


# ------------------------------------------------------------------ HTTP


def _post_json(url: str, data: bytes, headers: dict, timeout: float) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=data, method="POST",
                                 headers={"Content-Type": "application/json; charset=utf-8",
                                          "User-Agent": "kunang-alerts/0.1", **headers})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read(65536)
    except urllib.error.HTTPError as exc:
        body = exc.read(65536) if exc.fp else b""
        retry_after = None
        if exc.headers and exc.headers.get("Retry-After", "").isdigit():
            retry_after = float(exc.headers["Retry-After"])
        return_code = exc.code
        raise _http_error(return_code, body, retry_after) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"cannot reach {_host(url)}: {reason}") from None


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or url


def _http_error(code: int, body: bytes, retry_after: float | None) -> DeliveryError:
    text = body.decode("utf-8", "replace")[:300]
    try:  # Telegram explains itself in JSON: {"ok":false,"error_code":429,"parameters":{"retry_after":5}}
        doc = json.loads(text)
        text = doc.get("description", text)
        retry_after = doc.get("parameters", {}).get("retry_after", retry_after)
    except (ValueError, AttributeError):
        pass
    permanent = 400 <= code < 500 and code not in (408, 425, 429)
    return DeliveryError(f"HTTP {code}: {text}", permanent=permanent, retry_after=retry_after)


def send_telegram(ch, subject: str, body: str, timeout: float = TIMEOUT_S) -> str:
    url = f"{ch.api_base.rstrip('/')}/bot{_secret(ch.bot_token)}/sendMessage"
    doc = {"chat_id": ch.chat_id, "text": f"{subject}\n\n{body}", "disable_web_page_preview": True}
    try:
        status, raw = _post_json(url, json.dumps(doc).encode(), {}, timeout)
    except DeliveryError as exc:  # never let the token reach the delivery log
        raise DeliveryError(str(exc).replace(_secret(ch.bot_token), "***"), permanent=exc.permanent,
                            retry_after=exc.retry_after) from None
    try:
        answer = json.loads(raw)
    except ValueError:
        raise DeliveryError(f"HTTP {status}: not a Telegram answer") from None
    if not answer.get("ok"):
        raise DeliveryError(f"Telegram refused: {answer.get('description', '?')}", permanent=True)
    mid = answer.get("result", {}).get("message_id")
    return f"HTTP {status} ok message_id={mid}"


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send_webhook(ch, payload: dict, timeout: float = TIMEOUT_S) -> str:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
    headers = {SIGNATURE_HEADER: signature(_secret(ch.secret), body)} if ch.secret else {}
    status, raw = _post_json(ch.url, body, headers, timeout)
    return f"HTTP {status} {raw[:100].decode('utf-8', 'replace')}".strip()

