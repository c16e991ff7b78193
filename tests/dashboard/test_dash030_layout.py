"""Every page fits, in both languages, on a 1440 px desktop and a 390 px phone: no horizontal overflow, the
navigation bar's items on screen, no console errors or warnings. One browser session for all of it."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.dashboard.browser import idle, login, shot, wait
from tests.dashboard.test_dash010_browser import PAGES, wait_settled

pytestmark = pytest.mark.browser

NAV_IDS = ("nav-overview", "nav-site", "nav-aps", "nav-alerts", "nav-reports", "nav-quality", "nav-district",
           "switch-language", "nav-logout")
WIDTHS = ((1440, 900, False), (390, 844, True))


def emulate(d, width: int, height: int, mobile: bool) -> None:
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                             "deviceScaleFactor": 1, "mobile": mobile})


def overflow(d) -> tuple[int, int, list[str]]:
    """(scrollWidth, innerWidth, the widest elements sticking out) of the page."""
    return d.execute_script("""
        const w = window.innerWidth, out = [];
        for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (r.right > w + 1 && r.width > 0 && getComputedStyle(e).visibility !== 'hidden')
                out.push((e.id || e.className || e.tagName).toString().slice(0, 60) + ':' + Math.round(r.right));
        }
        return [document.documentElement.scrollWidth, w, out.slice(0, 8)];
    """)


def nav_hidden(d, mobile: bool) -> list[str]:
    """The navigation bar's items that are not entirely on screen (the phone's menu opened first)."""
    if mobile:
        d.execute_script("window.scrollTo(0, 0)")

        def settled(x):  # no open/close animation running (a click during one would reverse it)
            return x.execute_script("return !document.querySelector('#nav-collapse.collapsing')")

        def menu_open(x):
            return settled(x) and x.find_element(By.ID, "nav-logout").is_displayed()

        wait(d).until(settled)
        if not menu_open(d):
            d.find_element(By.ID, "nav-toggle").click()
            wait(d).until(menu_open)
    return d.execute_script("""
        const w = window.innerWidth;
        return arguments[0].filter(id => {
            const e = document.getElementById(id);
            if (!e) return true;
            const r = e.getBoundingClientRect();
            return !(r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= w + 0.5);
        });
    """, list(NAV_IDS))


def console(d) -> list[str]:
    """Warnings and errors on the console (the favicon's 404 is not the app's)."""
    return [e["message"] for e in d.get_log("browser")
            if e["level"] in ("WARNING", "SEVERE") and "favicon.ico" not in e["message"]]


@pytest.mark.parametrize("lang", ("en", "id"))
@pytest.mark.parametrize("name,path", PAGES, ids=[n for n, _ in PAGES])
def test_dash030_every_page_fits_both_languages_desktop_and_phone(live_server, browser_factory, artifacts,
                                                                 lang, name, path):
    """One page in one language (16 tests, so that test processes share them out), laid out at each width.
    The language is chosen on the login page and kept through signing in: the page is loaded once."""
    d = browser_factory(width=1440)
    emulate(d, *WIDTHS[0])
    d.get(f"{live_server}/language/{lang}?next=/login")
    login(d, live_server, "admin", path)
    wait_settled(d)
    assert d.execute_script("return document.documentElement.lang") == lang
    problems = []
    for width, height, mobile in WIDTHS:  # the same page, laid out again at each width
        emulate(d, width, height, mobile)
        d.execute_script("window.dispatchEvent(new Event('resize'))")
        idle(d, quiet_ms=150)
        scroll, inner, wide = overflow(d)
        if scroll > inner:
            problems.append(f"{lang} {width}px {name}: {scroll} px wide in {inner} ({wide})")
        hidden = nav_hidden(d, mobile)
        if hidden:
            problems.append(f"{lang} {width}px {name}: navigation items off screen: {hidden}")
        shot(d, artifacts, f"layout-{lang}-{width}-{name}")
    said = console(d)
    if said:
        problems.append(f"{lang} {name}: console: {said}")
    assert problems == [], "\n".join(problems)
