"""The Sessionizer's per-AP index (absence checked on the polled APs only) closes exactly the
sessions a scan of every open session closes, whatever the polls, roaming and gaps."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings, strategies as st

from collector.wifi_sessions import Sessionizer, Sighting

T0 = dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.timezone.utc)
SITE_APS = {1: (11, 12, 13), 2: (21, 22)}


class ScanAll(Sessionizer):
    """The reference: every open session scanned on every poll (the former rule)."""

    def observe(self, site_id, polled_ap_ids, t, sightings):
        seen = {s.device for s in sightings}
        gap, self.gap = self.gap, dt.timedelta(days=3650)  # no absence closing inside super()
        try:
            super().observe(site_id, polled_ap_ids, t, sightings)
        finally:
            self.gap = gap
        for key, cur in list(self.open.items()):
            if key[0] != site_id or cur.device in seen or cur.last_ap_id not in polled_ap_ids:
                continue
            if t - cur.last_seen > self.gap:
                self._close(key, cur)


poll = st.tuples(st.sampled_from(sorted(SITE_APS)), st.integers(0, 2), st.integers(1, 8),
                 st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(0, 2)), max_size=6))


@settings(max_examples=200, deadline=None)
@given(st.lists(poll, min_size=1, max_size=40))
def test_index_closes_what_a_full_scan_closes(polls):
    fast, ref = Sessionizer(gap=dt.timedelta(minutes=10)), ScanAll(gap=dt.timedelta(minutes=10))
    t = T0
    for site, ap_pick, minutes, clients in polls:
        t += dt.timedelta(minutes=minutes)
        aps = SITE_APS[site]
        polled = {aps[ap_pick % len(aps)]} if ap_pick < 2 else set(aps)  # one AP, or a controller's all
        sightings = [Sighting(f"dev-{d}", False, None, aps[k % len(aps)] if len(polled) > 1 else next(iter(polled)),
                              "Perpus", -60, 100 * minutes, 50 * minutes) for d, k in clients]
        fast.observe(site, polled, t, sightings)
        ref.observe(site, polled, t, sightings)
        assert sorted(fast.open) == sorted(ref.open)
        assert sorted((s.site_id, s.device, s.first_seen, s.last_seen) for s in fast.closed) == \
               sorted((s.site_id, s.device, s.first_seen, s.last_seen) for s in ref.closed)  # order is free
        index = {}
        for key, cur in fast.open.items():
            index.setdefault(cur.last_ap_id, set()).add(key)
        assert fast.by_ap == index
    fast.sweep(t + dt.timedelta(days=2))
    assert not fast.open and not fast.by_ap
