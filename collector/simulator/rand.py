"""Seeded random streams named by keys: `stream(seed, "visits", site, date)`.

Each (seed, keys) gives its own `random.Random`, so a site's Tuesday is the same
whether it is generated alone, in a backfill or in a live run.
"""

from __future__ import annotations

import hashlib
import math
import random


def stream(seed: int, *keys: object) -> random.Random:
    h = hashlib.sha256(repr((seed, *keys)).encode()).digest()
    return random.Random(int.from_bytes(h[:8], "big"))


def unit(seed: int, *keys: object) -> float:
    """A deterministic number in [0, 1) for (seed, keys), without building a Random."""
    h = hashlib.blake2b(repr((seed, *keys)).encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") / 2**64


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:  # normal approximation, good enough for arrivals
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
