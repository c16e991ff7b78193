"""Security per site against a real nats-server (issue 19, deliverable 3): the configuration that
`kunang district` writes, nkeys and TLS as generated. A village publishes under its own subject and
gets a JetStream acknowledgement; it cannot publish as another site, nor read the stream or another
village's acknowledgements; a plain connection is refused; the edge trusts only the district's CA."""

from __future__ import annotations

import asyncio
import json
import socket
import ssl

import nats
import pytest
import yaml
from nats.js.api import StreamConfig

from collector.config import parse_config
from collector.district.hubconf import STREAM, SUBJECT_PREFIX, inbox_prefix
from collector.district.village import District
from collector.edge.hub import connect_options
from tests.district.hub import Hub


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    d = District(tmp_path_factory.mktemp("district") / "hubdir")
    hub = Hub()
    d.init(hub_names=["127.0.0.1", "localhost"], hub_urls=[f"tls://127.0.0.1:{hub.port}"])
    villages = {k: d.add_village(k, d.dir / "out" / k, site_name=name, edge_dir=str(d.dir / "out" / k))
                for k, name in (("desa-a", "Desa A"), ("desa-b", "Desa B"))}
    hub.conf = d.tls_block() + d.authorization_block()
    hub.start()
    try:
        asyncio.run(_make_stream(d, hub))
        yield d, hub, villages
    finally:
        hub.close()


def _tls(ca) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(ca))


async def _connect(hub, seed, ca, inbox=None, errors=None, **kw):
    async def on_error(e):
        if errors is not None:
            errors.append(str(e))

    opts = dict(servers=[f"tls://127.0.0.1:{hub.port}"], nkeys_seed=str(seed), tls=_tls(ca), error_cb=on_error,
                allow_reconnect=False, connect_timeout=5)
    if inbox:
        opts["inbox_prefix"] = inbox
    return await nats.connect(**(opts | kw))


async def _make_stream(d, hub):
    nc = await _connect(hub, d.ingest_seed, d.ca)
    try:
        await nc.jetstream().add_stream(StreamConfig(name=STREAM, subjects=[f"{SUBJECT_PREFIX}.>"]))
    finally:
        await nc.close()


async def _stream_subjects(d, hub) -> dict:
    nc = await _connect(hub, d.ingest_seed, d.ca)
    try:
        info = await nc.jetstream().stream_info(STREAM, subjects_filter=">")
        return dict(info.state.subjects or {})
    finally:
        await nc.close()


def test_village_publishes_under_its_own_subject_and_gets_an_ack(district):
    """As the edge connects: the `edge:` section add-village wrote, read by the edge's own connect options."""
    d, hub, v = district
    edge = parse_config({"sites": [{"name": "Desa A", "key": "desa-a"}],
                         **yaml.safe_load(v["desa-a"].edge_yaml.read_text())}).edge

    async def go():
        nc = await nats.connect(**connect_options(edge, "test-edge", inbox_prefix("desa-a")) | {"allow_reconnect": False})
        try:
            ack = await nc.jetstream().publish(f"{SUBJECT_PREFIX}.desa-a.poll", b"batch",
                                               headers={"Nats-Msg-Id": "desa-a:test:1"}, timeout=5)
            return ack
        finally:
            await nc.close()

    ack = asyncio.run(go())
    assert ack.stream == STREAM and ack.seq >= 1 and not ack.duplicate
    assert asyncio.run(_stream_subjects(d, hub)).get(f"{SUBJECT_PREFIX}.desa-a.poll") == 1


def test_village_cannot_publish_as_another_site(district):
    d, hub, v = district
    errors: list[str] = []

    async def go():
        nc = await _connect(hub, v["desa-a"].seed_file, v["desa-a"].ca_file, inbox_prefix("desa-a"), errors)
        try:
            with pytest.raises(nats.errors.TimeoutError):  # dropped by the hub: no acknowledgement
                await nc.jetstream().publish(f"{SUBJECT_PREFIX}.desa-b.poll", b"forged", timeout=1)
            await nc.flush()
        finally:
            await nc.close()

    asyncio.run(go())
    assert any("permissions violation for publish" in e.lower() and "desa-b" in e for e in errors), errors
    assert f"{SUBJECT_PREFIX}.desa-b.poll" not in asyncio.run(_stream_subjects(d, hub))


def test_village_reads_nothing(district):
    """Not the stream's subjects, not the JetStream API, not another village's acknowledgements."""
    d, hub, v = district
    errors: list[str] = []

    async def go():
        nc = await _connect(hub, v["desa-a"].seed_file, v["desa-a"].ca_file, inbox_prefix("desa-a"), errors)
        try:
            for subj in (f"{SUBJECT_PREFIX}.>", f"{inbox_prefix('desa-b')}.>", "_INBOX.>"):
                await nc.subscribe(subj)
            await nc.flush()
            with pytest.raises(nats.errors.TimeoutError):
                await nc.jetstream().stream_info(STREAM)
            await asyncio.sleep(0.2)
        finally:
            await nc.close()

    asyncio.run(go())
    text = "\n".join(errors).lower()
    for subj in (f"{SUBJECT_PREFIX}.>", f"{inbox_prefix('desa-b')}.>", "_inbox.>"):
        assert f'permissions violation for subscription to "{subj.lower()}"' in text, errors
    assert "permissions violation for publish to \"$js.api.stream.info" in text, errors


def test_plain_connection_is_refused(district):
    _d, hub, _v = district
    with socket.create_connection(("127.0.0.1", hub.port), timeout=5) as s:
        info = json.loads(s.recv(4096).decode().split(" ", 1)[1])
        assert info["tls_required"] is True
        s.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\nPING\r\n')
        got = b""
        try:
            while chunk := s.recv(4096):
                got += chunk
        except OSError:
            pass
    assert b"PONG" not in got  # closed (or an error), never served in plain text


def test_edge_verifies_the_hub(district, tmp_path):
    """An edge trusts only the district's CA: a hub certificate of another CA is refused."""
    d, hub, v = district
    other = District(tmp_path / "other")
    other.init(hub_names=["127.0.0.1"], hub_urls=["tls://127.0.0.1:4222"])

    async def go(ca):
        nc = await _connect(hub, v["desa-a"].seed_file, ca, inbox_prefix("desa-a"), max_reconnect_attempts=0)
        await nc.close()

    with pytest.raises((ssl.SSLError, nats.errors.NoServersError, OSError)):
        asyncio.run(go(other.ca))
    asyncio.run(go(v["desa-a"].ca_file))  # the village's own copy of the CA works


def test_unknown_key_is_not_authorised(district, tmp_path):
    d, hub, v = district
    stranger = District(tmp_path / "stranger")
    stranger.init(hub_names=["127.0.0.1"], hub_urls=["tls://127.0.0.1:4222"])
    files = stranger.add_village("desa-a", tmp_path / "forged")  # same key, a key pair the hub never saw

    async def go():
        nc = await _connect(hub, files.seed_file, v["desa-a"].ca_file, inbox_prefix("desa-a"),
                            max_reconnect_attempts=0)
        await nc.close()

    with pytest.raises((nats.errors.Error, OSError)):
        asyncio.run(go())


def test_ingest_consumes_and_cannot_publish_as_a_village(district):
    """`kunang ingest`'s key: a durable pull consumer on the stream, fetch and acknowledge; no village subject."""
    d, hub, v = district
    errors: list[str] = []

    async def go():
        a = await _connect(hub, v["desa-b"].seed_file, v["desa-b"].ca_file, inbox_prefix("desa-b"))
        try:
            await a.jetstream().publish(f"{SUBJECT_PREFIX}.desa-b.log", b"lines", timeout=5)
        finally:
            await a.close()
        nc = await _connect(hub, d.ingest_seed, d.ca, errors=errors)
        try:
            js = nc.jetstream()
            sub = await js.pull_subscribe(f"{SUBJECT_PREFIX}.>", durable="kunang-ingest", stream=STREAM)
            msgs = await sub.fetch(10, timeout=5)
            for m in msgs:
                await m.ack_sync(timeout=5)
            info = await js.consumer_info(STREAM, "kunang-ingest")
            with pytest.raises(nats.errors.TimeoutError):
                await js.publish(f"{SUBJECT_PREFIX}.desa-a.poll", b"forged", timeout=1)
            return [m.subject for m in msgs], info.num_ack_pending
        finally:
            await nc.close()

    subjects, pending = asyncio.run(go())
    assert f"{SUBJECT_PREFIX}.desa-b.log" in subjects and pending == 0
    assert any("permissions violation for publish" in e.lower() for e in errors), errors
