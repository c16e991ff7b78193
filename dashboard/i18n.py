"""Every string of the dashboard UI, in English and Bahasa Indonesia: the one lookup.

`t(key, lang, **values)`; a missing key is a bug (a test checks both languages
are complete), so `t` raises KeyError instead of showing the key. The strings
themselves live in `dashboard/strings/`, one module per area of the UI.
"""

from __future__ import annotations

from dashboard.strings import (
    access_points,
    alerts,
    district,
    footfall,
    overview,
    quality,
    reports,
    series,
    shell,
    site,
    visits,
)
from dashboard.strings.ag_grid import AG_GRID_ID

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

_AREAS = (shell, overview, series, site, access_points, alerts, reports, quality, district, visits, footfall)


def _merge() -> dict[str, tuple[str, str]]:
    catalogue: dict[str, tuple[str, str]] = {}
    for area in _AREAS:
        twice = sorted(set(catalogue) & set(area.STRINGS))
        if twice:
            raise RuntimeError(f"strings defined in two areas ({area.__name__} and another): {twice}")
        catalogue.update(area.STRINGS)
    return catalogue


# key: (English, Bahasa Indonesia)
CATALOGUE: dict[str, tuple[str, str]] = _merge()

__all__ = ["AG_GRID_ID", "CATALOGUE", "LANGUAGES", "other", "t"]


def t(key: str, lang: str, **values) -> str:
    en, id_ = CATALOGUE[key]
    text = en if lang == "en" else id_
    return text.format(**values) if values else text


def other(lang: str) -> str:
    return "en" if lang == "id" else "id"
