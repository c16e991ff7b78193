"""End to end in headless Chromium: login, every page with seeded data, language
switch, an AP page, CSV download, viewer refused an admin action, screenshots."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from tests.dashboard.browser import charts_drawn, idle, login, shot, text_of, wait

pytestmark = pytest.mark.browser

PAGES = [("overview", "/"), ("site", "/site?site=1"), ("access-points", "/access-points"), ("ap", "/ap/1"),
         ("alerts", "/alerts"), ("reports", "/reports"), ("quality", "/quality?site=1"), ("district", "/district")]


def test_dash010_pages_as_admin(live_server, browser_factory, artifacts):
    d = browser_factory()
    login(d, live_server, "admin")
    # the admin's configured language is English
    assert text_of(d, "nav-overview") == "Overview"
    for name, path in PAGES:
        d.get(live_server + path)
        wait(d).until(EC.presence_of_element_located((By.ID, "_pages_content")))
        idle(d)
        if d.find_elements(By.CSS_SELECTOR, ".chart-card"):
            charts_drawn(d)
        idle(d)
        shot(d, artifacts, f"admin-en-{name}")
    errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
