"""The connection to the district hub (NATS with JetStream), for the edge and the ingest alike.

`Link` connects on demand and again after a failure (backoff by the caller), and logs the link's
state once per change, not once per retry. Credentials (`credentials_file`, from `kunang district`):
a NATS `.creds` file (JWT), an nkey seed file (`SU...`), or one line `user:password`.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from pathlib import Path

from collector.edge.subjects import PREFIX, STREAM
from collector.errors import KunangError

log = logging.getLogger(__name__)


def connect_options(link, name: str, inbox_prefix: str | None = None) -> dict:
    opts: dict = {"servers": list(link.hub_urls), "name": name, "connect_timeout": link.connect_timeout_s,
                  "allow_reconnect": True, "max_reconnect_attempts": -1, "reconnect_time_wait": 2,
                  "ping_interval": 120, "max_outstanding_pings": 3}
    if inbox_prefix:
        opts["inbox_prefix"] = inbox_prefix  # replies (publish acks) under the site's own prefix
    if link.credentials_file:
        path = Path(link.credentials_file)
        try:
            text = path.read_text().strip()
        except OSError as exc:
            raise KunangError(f"credentials_file {path}: {exc.strerror} / berkas kredensial tidak terbaca") from None
        if "BEGIN NATS USER JWT" in text:
            opts["user_credentials"] = str(path)
        elif text.startswith("SU"):
            opts["nkeys_seed"] = str(path)
        elif ":" in text:
            user, _, password = text.partition(":")
            opts["user"], opts["password"] = user, password
        else:
            raise KunangError(f"credentials_file {path}: not a .creds file, an nkey seed or user:password / "
                              "bukan berkas .creds, nkey seed, atau user:password")
    if link.tls_ca or any(u.startswith("tls://") for u in link.hub_urls):
        ctx = ssl.create_default_context(cafile=link.tls_ca) if link.tls_ca else ssl.create_default_context()
        opts["tls"] = ctx
    return opts


class Link:
    """One NATS connection, made when first needed; `state` is 'up' or 'down'."""

    def __init__(self, link, name: str, inbox_prefix: str | None = None) -> None:
        self.opts = connect_options(link, name, inbox_prefix)
        self.nc = None
        self.state = "new"

    def _set(self, state: str, detail: str = "") -> None:
        if state != self.state and self.state != "closed":
            (log.info if state == "up" else log.warning)("hub link %s%s", state, f": {detail}" if detail else "")
            self.state = state

    async def _error(self, exc) -> None:
        self._set("down", f"{type(exc).__name__}: {exc}")

    async def _disconnected(self) -> None:
        self._set("down", "disconnected")

    async def _reconnected(self) -> None:
        self._set("up")

    async def connection(self):
        import nats

        if self.nc is not None and not self.nc.is_closed:
            return self.nc
        try:
            self.nc = await nats.connect(**self.opts, error_cb=self._error, disconnected_cb=self._disconnected,
                                         reconnected_cb=self._reconnected)
        except Exception as exc:
            self.nc = None
            self._set("down", f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
            raise
        self._set("up")
        return self.nc

    async def jetstream(self):
        nc = await self.connection()
        return nc.jetstream()

    def failed(self, exc: BaseException) -> None:
        self._set("down", f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)

    async def close(self) -> None:
        was, self.state = self.state, "closed"  # no "link down" for our own closing
        if self.nc is not None and not self.nc.is_closed:
            try:
                if was != "up":
                    raise ConnectionError("link down: nothing to drain")
                await asyncio.wait_for(self.nc.drain(), 3)
            except Exception:
                try:
                    await self.nc.close()
                except Exception:
                    pass
        self.nc = None


async def ensure_stream(js, max_age_days: int) -> None:
    """The stream of every edge subject, on disk, kept `max_age_days` (created or updated)."""
    from nats.js.api import StreamConfig, StorageType
    from nats.js.errors import NotFoundError

    cfg = StreamConfig(name=STREAM, subjects=[f"{PREFIX}.>"], storage=StorageType.FILE,
                       max_age=max_age_days * 86400.0, duplicate_window=120.0)
    try:
        await js.stream_info(STREAM)
    except NotFoundError:
        await js.add_stream(cfg)
        return
    await js.update_stream(cfg)
