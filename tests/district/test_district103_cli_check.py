"""`kunang district add-village` in one call (files, modes, the hub's configuration, the config's site
keys) and the ingest's rule `check_batch_site` (a batch's records belong to its subject's site)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from collector.district.check import BatchRejected, check_batch_site
from collector.district.credentials import public_of_seed
from collector.district.tls import cert_names
from tests.district.hub import NATS_SERVER

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _kunang(*args, cwd):
    env = dict(os.environ, PYTHONPATH=REPO)
    return subprocess.run([sys.executable, "-m", "collector", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


def test_add_village_one_command(tmp_path):
    (tmp_path / "kunang.yaml").write_text(
        "language: en\nsnmp: {credentials: {c: {community: public}}, default: c}\n"
        "sites:\n  - {name: Perpustakaan Desa Sembalun, edge: true}\n  - {name: Kota, key: kota}\n")
    r = _kunang("-c", "kunang.yaml", "district", "add-village", "perpustakaan-desa-sembalun",
                "--hub-name", "hub.lotim.example", "--hub-url", "tls://hub.lotim.example:4222", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "kunang-district" / "out" / "perpustakaan-desa-sembalun"
    seed = out / "perpustakaan-desa-sembalun.nk"
    assert stat.S_IMODE(seed.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "kunang-district" / "ca.key").stat().st_mode) == 0o600
    public = public_of_seed(seed.read_text())
    conf = (tmp_path / "kunang-district" / "hub.conf").read_text()
    assert public in conf and seed.read_text().strip() not in conf  # the hub holds public keys only
    assert '"kunang.v1.perpustakaan-desa-sembalun.>"' in conf and "tls {" in conf
    assert public in r.stdout  # the hub snippet is printed
    edge = (out / "kunang-edge.yaml").read_text()
    assert 'site: "Perpustakaan Desa Sembalun"' in edge and "tls://hub.lotim.example:4222" in edge
    # the hub's certificate: its name for the edges, and loopback for the ingest beside it
    assert cert_names(tmp_path / "kunang-district" / "hub.pem") == ["hub.lotim.example", "localhost", "127.0.0.1"]

    again = _kunang("-c", "kunang.yaml", "district", "add-village", "perpustakaan-desa-sembalun", cwd=tmp_path)
    assert again.returncode != 0 and "--rotate" in again.stderr
    rotated = _kunang("-c", "kunang.yaml", "district", "add-village", "perpustakaan-desa-sembalun", "--rotate",
                      cwd=tmp_path)
    assert rotated.returncode == 0, rotated.stderr
    conf2 = (tmp_path / "kunang-district" / "hub.conf").read_text()
    assert public not in conf2 and public_of_seed(seed.read_text()) in conf2  # the old key is gone

    unknown = _kunang("-c", "kunang.yaml", "district", "add-village", "desa-x", cwd=tmp_path)
    assert unknown.returncode != 0 and "desa-x" in unknown.stderr and "kota" in unknown.stderr
    bad = _kunang("-c", "kunang.yaml", "district", "add-village", "Desa X", cwd=tmp_path)
    assert bad.returncode != 0 and "bukan kunci situs" in bad.stderr

    hub = _kunang("-c", "kunang.yaml", "district", "hub-config", cwd=tmp_path)
    assert hub.returncode == 0 and hub.stdout.startswith("# The Kunang district hub")
    # the whole file as nats-server reads it (listen, JetStream, payload, TLS, users)
    check = subprocess.run([NATS_SERVER, "-t", "-c", str(tmp_path / "kunang-district" / "hub.conf")],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0 and "is valid" in check.stderr + check.stdout, check.stderr


SITES = {"desa-a": "Desa A", "desa-b": "Desa B"}


def test_check_batch_site():
    assert check_batch_site("kunang.v1.desa-a.poll", ["Desa A", "Desa A"], SITES) == "Desa A"
    assert check_batch_site("kunang.v1.desa-a.hb", [], SITES) == "Desa A"
    with pytest.raises(BatchRejected) as e:
        check_batch_site("kunang.v1.desa-a.log", ["Desa A", "Desa B"], SITES)
    assert e.value.reason == "site_mismatch" and e.value.site_key == "desa-a"
    with pytest.raises(BatchRejected) as e:
        check_batch_site("kunang.v1.desa-a.poll", [None], SITES)
    assert e.value.reason == "site_mismatch"
    with pytest.raises(BatchRejected) as e:
        check_batch_site("kunang.v1.desa-z.poll", ["Desa A"], SITES)
    assert e.value.reason == "unknown_site" and e.value.site_key == "desa-z"
    for subj in ("kunang.v2.desa-a.poll", "kunang.v1.desa-a.other", "kunang.v1.desa-a", "kunang.v1..poll"):
        with pytest.raises(BatchRejected) as e:
            check_batch_site(subj, [], SITES)
        assert e.value.reason == "unknown_subject"
