"""NATS nkeys (ed25519 key pairs) for the villages and the ingest.

A seed (`SU...`) is the secret: written once, mode 0600, to the one machine that uses it. The hub
only ever holds public keys (`U...`), so its configuration leaks nothing that lets anyone log in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import nkeys


@dataclass(frozen=True)
class UserKey:
    public: str
    seed: str | None = None  # None when only the public key is known (read back from the hub's state)


def new_user_key() -> UserKey:
    seed = nkeys.encode_seed(os.urandom(32), nkeys.PREFIX_BYTE_USER)
    kp = nkeys.from_seed(bytearray(seed))
    try:
        return UserKey(kp.public_key.decode(), seed.decode())
    finally:
        kp.wipe()


def public_of_seed(seed: str) -> str:
    kp = nkeys.from_seed(bytearray(seed.strip().encode()))
    try:
        return kp.public_key.decode()
    finally:
        kp.wipe()


def write_secret(path: Path, text: str) -> None:
    """Create `path` readable by its owner only (never briefly world-readable); refuses to overwrite."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text if text.endswith("\n") else text + "\n")
