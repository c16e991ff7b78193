"""Real servers on loopback that receive notifications: SMTP (aiosmtpd) and HTTP (Telegram / webhook)."""

from __future__ import annotations

import email
import email.policy
import json
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.ports import free_port

USER, PASSWORD = "kunang", "s3cret-pass"


def make_cert(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


class _Handler:
    def __init__(self):
        self.messages: list[dict] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                                  "subject": str(msg["Subject"]), "body": msg.get_content(),
                                  "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None, "auth": session.authenticated})
        return "250 Message accepted"


def _auth(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() \
        and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


class SmtpSink:
    """Two real SMTP servers: STARTTLS (port `starttls_port`) and implicit TLS (`tls_port`), both with AUTH."""

    def __init__(self, cert: Path, key: Path):
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert, key)
        self.handler = _Handler()
        self.starttls_port, self.tls_port = free_port(), free_port()
        self.c1 = Controller(self.handler, hostname="127.0.0.1", port=self.starttls_port, tls_context=ctx,
                             require_starttls=True, authenticator=_auth, auth_require_tls=True,
                             server_hostname="localhost")
        self.c2 = Controller(self.handler, hostname="127.0.0.1", port=self.tls_port, ssl_context=ctx,
                             authenticator=_auth, auth_require_tls=False, server_hostname="localhost")
        self.c1.start()
        self.c2.start()

    @property
    def messages(self) -> list[dict]:
        with self.handler.lock:
            return list(self.handler.messages)

    def clear(self) -> None:
        with self.handler.lock:
            self.handler.messages.clear()

    def stop(self) -> None:
        self.c1.stop()
        self.c2.stop()


class HttpSink:
    """A real HTTP server standing in for the Telegram Bot API and for webhook receivers.

    `fail_next[path] = [503, 429, ...]` makes the next requests to that path fail with those codes.
    """

    def __init__(self):
        self.requests: list[dict] = []
        self.fail_next: dict[str, list[int]] = {}
        self.lock = threading.Lock()
        sink = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with sink.lock:
                    fails = sink.fail_next.get(self.path) or []
                    code = fails.pop(0) if fails else 200
                    if code == 200:
                        sink.requests.append({"path": self.path, "headers": dict(self.headers), "raw": raw,
                                              "json": json.loads(raw)})
                        n = len(sink.requests)
                if code != 200:
                    body = json.dumps({"ok": False, "error_code": code, "description": "try later",
                                       "parameters": {"retry_after": 1}} if code == 429 else {"ok": False}).encode()
                elif "/sendMessage" in self.path:
                    body = json.dumps({"ok": True, "result": {"message_id": n}}).encode()
                else:
                    body = b"received"
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def on(self, fragment: str) -> list[dict]:
        with self.lock:
            return [r for r in self.requests if fragment in r["path"]]

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()
            self.fail_next.clear()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
