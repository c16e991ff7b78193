"""The 45-day "Done when" worlds of the multi-seed checks (issue 22), made once per test process.

test_sim008_accuracy (the unseen-visit estimate, the returning share) and test_sim010_dhcp_capture read the same
worlds: each seed's model stays as the polls of the listing APs and the MAC-carrying logins see them
(bench.accuracy_unseen.observed_visits("60s-random-blind", seed, 45, detail=True)). One cache for all of them,
keyed by (seed, identity) however it is called: before, `_stays(seed)` and `_stays(seed, "lease")` were two
keys of test_sim008's own cache and test_sim010 had a third, so a worker running those tests made the same 12
worlds up to three times (docs/performance.md, "Test suite time"). A tuple: nobody may change a shared world.
"""

from __future__ import annotations

import functools

SEEDS = range(1, 13)


@functools.lru_cache(maxsize=None)
def _observed(seed: int, identity: str) -> tuple:
    from bench.accuracy_unseen import observed_visits

    return tuple(observed_visits("60s-random-blind", seed, 45, identity=identity, detail=True))


def stays(seed: int, identity: str = "lease") -> tuple:
    """[(site, local day, source, observed dwell s, Visit)] of one seed's world; `identity`: "lease" (MikroTik
    member logins carry their DHCP lease's MAC) or "trial" (only trial logins carry one)."""
    return _observed(seed, identity)
