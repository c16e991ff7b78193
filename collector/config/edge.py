"""The `edge:` section (a village's `kunang edge`) and the `ingest:` section (the district's
`kunang ingest`): where the NATS JetStream hub is, how to log in, the edge's spool and batches."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from collector.config.types import Strict

_URL = re.compile(r"^(nats|tls)://[^\s/]+(:\d+)?/?$")


def _hub_urls(v: list[str]) -> list[str]:
    for url in v:
        if not _URL.match(url):
            raise ValueError(f"{url!r} is not a hub address; use nats://HOST:4222 or tls://HOST:4222 / "
                             f"bukan alamat hub; gunakan nats://HOST:4222 atau tls://HOST:4222")
    return v


class HubLink(Strict):
    """How a process reaches the district hub."""

    hub_urls: list[str] = Field(min_length=1)  # tried in turn
    credentials_file: str | None = None  # from `kunang district`: a NATS .creds file, an nkey seed, or user:password
    tls_ca: str | None = None  # the hub's CA certificate (PEM); tls:// URLs verify against it
    connect_timeout_s: float = Field(10, ge=1, le=120)

    _check_urls = field_validator("hub_urls")(_hub_urls)


class EdgeSection(HubLink):
    """A village library's edge collector: polls and portal logs go to a local spool, then to the hub."""

    site: str  # the site of `sites` this edge serves (its APs and portal sources)
    edge_id: str | None = Field(None, pattern=r"^[A-Za-z0-9_.-]{1,64}$")  # default: the host name
    spool_dir: str = ".kunang/edge-spool"
    spool_max_mb: int = Field(512, ge=1, le=1_048_576)  # when full, the oldest is dropped (and counted)
    batch_max_records: int = Field(2000, ge=1, le=100_000)
    batch_max_kb: int = Field(512, ge=4, le=8192)  # uncompressed
    linger_s: float = Field(900, ge=0, le=3600)  # how long new records wait to fill a batch (bytes vs delay)
    heartbeat_s: int = Field(600, ge=10, le=86400)
    ack_timeout_s: float = Field(30, ge=1, le=600)  # a publish not acknowledged by then is sent again
    compression: Literal["auto", "zlib", "zstd", "none"] = "auto"  # auto: zstd when installed, else zlib


class IngestSection(HubLink):
    """The district's consumer of the edges' batches."""

    stream_max_age_days: int = Field(30, ge=1, le=3650)  # what the hub keeps for consumers that are away
    ack_wait_s: int = Field(60, ge=5, le=3600)  # a batch not acknowledged by then goes to another worker
    fetch_batches: int = Field(20, ge=1, le=1000)
