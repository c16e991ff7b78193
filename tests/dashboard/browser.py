"""Small Selenium helpers for the dashboard's browser tests (waits, not sleeps)."""

from __future__ import annotations


from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.dashboard.conftest import PASSWORDS


def wait(driver, timeout: float = 45):
    """A generous bound: on a loaded 2-core machine a page with many charts can take 20 s; a wait
    that is met returns at once, so only a failing test pays for it. Looked at every 0.5 s (Selenium's own):
    more often costs chromedriver's and the page's CPU, which the suite's four workers on two cores share."""
    return WebDriverWait(driver, timeout)


def login(driver, base: str, username: str, path: str = "/", password: str | None = None, timeout: float = 45):
    """Sign in through the login form onto `path` (a user of conftest.PASSWORDS unless `password` is given)."""
    driver.get(base + path)
    wait(driver, timeout).until(EC.presence_of_element_located((By.ID, "login-form")))
    # one attempt: the form's token is bound to no session (tests/dashboard/test_dash003_login_race.py)
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password or PASSWORDS[username])
    driver.find_element(By.ID, "login-submit").click()
    try:
        wait(driver, timeout).until(EC.presence_of_element_located((By.ID, "nav-user")))
    except TimeoutException:  # say where the browser stood: a failed sign-in and a hung page look alike otherwise
        body = driver.execute_script("return document.body ? document.body.innerText : ''") or ""
        raise AssertionError(f"not signed in as {username} on {path}: at {driver.current_url!r}, "
                             f"title {driver.title!r}, page text {body[:300]!r}") from None


def text_of(driver, element_id: str, timeout: float = 20, not_in=("–", "")) -> str:
    """The text of an element once it holds something other than a placeholder."""
    def ready(d):
        els = d.find_elements(By.ID, element_id)
        return els[0].text if els and els[0].text.strip() not in not_in else False
    return wait(driver, timeout).until(ready)


def charts_drawn(driver, timeout: float = 20) -> int:
    """Wait until every chart card shows a drawn plot (not the initial placeholder); their number."""
    def ready(d):
        n = d.execute_script("""
            const g = [...document.querySelectorAll('.chart-card .js-plotly-plot')];
            if (!g.length) return -1;
            const done = g.filter(e => e._fullLayout && (e.data.length > 0 ||
                (e.layout && e.layout.annotations && e.layout.annotations.length && e.layout.annotations[0].text)));
            return done.length === g.length ? g.length : -1;
        """)
        return n if n >= 0 else False
    return wait(driver, timeout).until(ready)


def idle(driver, timeout: float = 45, quiet_ms: int = 300):
    """Until Dash has had no callback request in flight for `quiet_ms` (see conftest.FETCH_PROBE). The bound
    is wait()'s: 20 s was not enough for the site page's callbacks at load 25-30 (test_dash012, test_dash030[site])."""
    def ready(d):
        return d.execute_script("""
            const k = window.__kunang;
            return !!(k && document.getElementById('_pages_content') && k.started > 0 && k.pending === 0
                      && performance.now() - k.last > arguments[0]);
        """, quiet_ms)
    WebDriverWait(driver, timeout, poll_frequency=0.1).until(ready)


def shot(driver, artifacts, name: str):
    """A screenshot of the whole page (beyond the viewport, without resizing it)."""
    import base64

    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    width = max(size["width"], driver.execute_script("return window.innerWidth"))  # no scrollbar once expanded
    data = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": min(size["height"], 8000), "scale": 1}})
    (artifacts / f"{name}.png").write_bytes(base64.b64decode(data["data"]))


def relayout(driver, width: int, height: int, mobile: bool = False):
    """Lay the page shown out again at `width` x `height` (emulated), as if it had been loaded at that size.

    To a mobile viewport in two steps. A mobile viewport widens itself to fit content wider than the screen
    (Chromium's shrink-to-fit, as on a phone: the page is zoomed out); the charts still drawn at the old, wider
    size are such content until Plotly has drawn them again, and then they fit the widened viewport, so the
    page would stay zoomed out (window.innerWidth 674 on a 390 px phone, scrollWidth no wider: an overflow
    unseen, and clicks aimed by Selenium at the unzoomed page missing). So first the size alone, until every
    chart fits its box again; then the mobile viewport, which a page that fits leaves at the phone's width."""
    from tests.dashboard.conftest import emulate

    def charts_fit(d):
        return d.execute_script("""
            return [...document.querySelectorAll('.js-plotly-plot')].every(e => {
                const w = e.getBoundingClientRect().width;
                return !w || !e._fullLayout || e._fullLayout.width <= w + 1;
            });
        """)

    if mobile:
        emulate(driver, width, height, mobile=False)
        driver.execute_script("window.dispatchEvent(new Event('resize'))")
        wait(driver).until(charts_fit)
    emulate(driver, width, height, mobile)
    driver.execute_script("window.dispatchEvent(new Event('resize'))")
    idle(driver, quiet_ms=150)
    wait(driver).until(charts_fit)


def viewport(driver) -> tuple[float, float]:
    """(window.innerWidth, the visual viewport's zoom): a page wider than a phone widens the one and zooms out."""
    return tuple(driver.execute_script("return [window.innerWidth, window.visualViewport.scale]"))
