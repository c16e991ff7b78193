"""The ingest's rule: every record of a batch belongs to the site of the subject it came on.

The hub already lets a village publish only under its own key; this check is the second lock, on
the contents: a batch naming another site (or no known site) is rejected whole - nothing of it is
stored - and counted for the subject's site (`kunang_edge_rejected`, shown on the district page).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from collector.edge.subjects import parse_subject


class BatchRejected(Exception):
    """`reason`: unknown_subject | unknown_site | site_mismatch; `site_key`: the subject's key (or None)."""

    def __init__(self, reason: str, detail: str, site_key: str | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.site_key = site_key


def subject_site_key(subject: str) -> tuple[str, str]:
    """(site key, kind) of `kunang.v1.<key>.<kind>`; anything else is rejected."""
    parsed = parse_subject(subject)
    if parsed is None or not parsed[0]:
        raise BatchRejected("unknown_subject", f"{subject!r} is not a subject of Kunang's edges")
    return parsed


def check_batch_site(subject: str, record_sites: Iterable[str | None], sites: Mapping[str, str]) -> str:
    """The site name of the batch on `subject` when each of its records names that site.

    `record_sites`: the site name each record carries (the batch header's, each poll's, each portal
    source's); `sites`: {site key: site name} of the district's configuration. Raises BatchRejected.
    """
    key, _kind = subject_site_key(subject)
    site = sites.get(key)
    if site is None:
        raise BatchRejected("unknown_site", f"{subject}: no site with the key {key!r} in the configuration", key)
    for n, rs in enumerate(record_sites):
        if rs != site:
            raise BatchRejected("site_mismatch", f"{subject}: record {n} is of site {rs!r}, not {site!r}", key)
    return site
