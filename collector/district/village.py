"""The district's state folder and `add-village`: one call gives a village everything it needs.

    DIR/district.json     hub URLs the edges use, the hub's listen address and JetStream folder
    DIR/ca.pem, ca.key    the district CA (the key never leaves this folder)
    DIR/hub.pem, hub.key  the hub's TLS certificate
    DIR/ingest.nk         the nkey seed of `kunang ingest`
    DIR/villages/KEY.pub  each village's public nkey (the hub's configuration is made from these)
    DIR/hub.conf          the nats-server configuration, rewritten by every change

A village's own files (OUT, by default DIR/out/KEY) go to its edge: its nkey seed, the CA that
verifies the hub, and the `edge:` section for its kunang.yaml.
"""

from __future__ import annotations

import json
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path

from collector.config.sites import SITE_KEY_PATTERN
from collector.district import credentials, hubconf, tls
from collector.errors import KunangError


@dataclass
class Settings:
    hub_urls: list[str] = field(default_factory=list)
    listen: str = "0.0.0.0:4222"
    store_dir: str = "/var/lib/kunang/jetstream"


@dataclass(frozen=True)
class VillageFiles:
    key: str
    public: str
    seed_file: Path
    ca_file: Path
    edge_yaml: Path
    snippet: str  # the hub's authorization entry of this village


def check_key(key: str) -> str:
    if not re.match(SITE_KEY_PATTERN, key):
        raise KunangError(f"{key!r} is not a site key (a-z, 0-9, '-' and '_', at most 64) / "
                          f"{key!r} bukan kunci situs (a-z, 0-9, '-' dan '_', paling banyak 64)")
    return key


class District:
    def __init__(self, folder: str | Path) -> None:
        self.dir = Path(folder).resolve()

    # ------------------------------------------------------------------ files
    @property
    def ca(self) -> Path:
        return self.dir / "ca.pem"

    @property
    def ingest_seed(self) -> Path:
        return self.dir / "ingest.nk"

    @property
    def hub_conf(self) -> Path:
        return self.dir / "hub.conf"

    def _village_pub(self, key: str) -> Path:
        return self.dir / "villages" / f"{key}.pub"

    def settings(self) -> Settings:
        try:
            return Settings(**json.loads((self.dir / "district.json").read_text()))
        except FileNotFoundError:
            raise KunangError(f"{self.dir}: no district here yet; `kunang district add-village` makes one / "
                              "belum ada distrik di sini") from None

    @property
    def exists(self) -> bool:
        return (self.dir / "district.json").exists()

    # ------------------------------------------------------------------ setup
    def init(self, hub_names: list[str] | None = None, hub_urls: list[str] | None = None,
             listen: str | None = None, store_dir: str | None = None) -> bool:
        """Make the CA, the hub's certificate and the ingest's key, once; False when they exist."""
        if self.exists:
            return False
        names = _with_loopback(hub_names or [socket.getfqdn()])
        s = Settings(hub_urls=hub_urls or [f"tls://{names[0]}:4222"])
        if listen:
            s.listen = listen
        if store_dir:
            s.store_dir = store_dir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.dir.chmod(0o700)
        tls.make_ca(self.ca, self.dir / "ca.key")
        tls.make_server_cert(self.ca, self.dir / "ca.key", self.dir / "hub.pem", self.dir / "hub.key", names)
        credentials.write_secret(self.ingest_seed, credentials.new_user_key().seed)
        (self.dir / "villages").mkdir(exist_ok=True)
        (self.dir / "district.json").write_text(json.dumps(s.__dict__, indent=2) + "\n")
        self.write_hub_conf()
        return True

    def renew_cert(self, hub_names: list[str]) -> None:
        tls.make_server_cert(self.ca, self.dir / "ca.key", self.dir / "hub.pem", self.dir / "hub.key",
                             _with_loopback(hub_names))

    # ------------------------------------------------------------------ hub
    def villages(self) -> dict[str, str]:
        return {p.stem: p.read_text().strip() for p in sorted((self.dir / "villages").glob("*.pub"))}

    def tls_block(self) -> str:
        return hubconf.tls_block(self.dir / "hub.pem", self.dir / "hub.key")

    def authorization_block(self) -> str:
        ingest = credentials.public_of_seed(self.ingest_seed.read_text())
        return hubconf.authorization_block(ingest, self.villages())

    def hub_conf_text(self) -> str:
        s = self.settings()
        return hubconf.hub_conf(s.listen, s.store_dir, self.tls_block(), self.authorization_block())

    def write_hub_conf(self) -> Path:
        tmp = self.hub_conf.with_suffix(".tmp")
        tmp.write_text(self.hub_conf_text())
        tmp.replace(self.hub_conf)
        return self.hub_conf

    # ------------------------------------------------------------------ villages
    def add_village(self, key: str, out: Path | None = None, site_name: str | None = None,
                    rotate: bool = False, edge_dir: str = "/etc/kunang") -> VillageFiles:
        check_key(key)
        pub_file = self._village_pub(key)
        if pub_file.exists() and not rotate:
            raise KunangError(f"village {key!r} already has credentials; --rotate replaces them (the old ones stop "
                              f"working at the hub's next reload) / desa {key!r} sudah punya kredensial; --rotate "
                              "menggantinya")
        out = Path(out) if out else self.dir / "out" / key
        seed_file = out / f"{key}.nk"
        if seed_file.exists():
            if not rotate:
                raise KunangError(f"{seed_file} exists; remove it or use --rotate / {seed_file} sudah ada")
            seed_file.unlink()
        user = credentials.new_user_key()
        credentials.write_secret(seed_file, user.seed)
        ca_file = out / "hub-ca.pem"
        ca_file.write_text(self.ca.read_text())
        edge_yaml = out / "kunang-edge.yaml"
        edge_yaml.write_text(edge_section(key, site_name, self.settings().hub_urls, edge_dir))
        pub_file.parent.mkdir(parents=True, exist_ok=True)
        pub_file.write_text(user.public + "\n")
        self.write_hub_conf()
        snippet = hubconf.user_entry(user.public, hubconf.village_permissions(key), f"village {key}")
        return VillageFiles(key, user.public, seed_file, ca_file, edge_yaml, snippet)


def _with_loopback(names: list[str]) -> list[str]:
    """The hub's names, plus the loopback names `kunang ingest` on the hub's own machine uses."""
    return list(dict.fromkeys([*names, "localhost", "127.0.0.1"]))


def edge_section(key: str, site_name: str | None, hub_urls: list[str], edge_dir: str) -> str:
    d = edge_dir.rstrip("/")
    return ("# The `edge:` section of this village's kunang.yaml (docs/district.md). Copy the files\n"
            f"# {key}.nk (secret: mode 0600) and hub-ca.pem to {d}/ on the edge.\n"
            "edge:\n"
            f"  site: {json.dumps(site_name or key)}\n"
            f"  hub_urls: [{', '.join(hub_urls)}]\n"
            f"  credentials_file: {d}/{key}.nk\n"
            f"  tls_ca: {d}/hub-ca.pem\n")
