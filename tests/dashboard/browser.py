"""Small Selenium helpers for the dashboard's browser tests (waits, not sleeps)."""

from __future__ import annotations

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.dashboard.conftest import PASSWORDS


def wait(driver, timeout: float = 20):
    return WebDriverWait(driver, timeout)


def login(driver, base: str, username: str, path: str = "/"):
    driver.get(base + path)
    wait(driver).until(EC.presence_of_element_located((By.ID, "login-form")))
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORDS[username])
    driver.find_element(By.ID, "login-submit").click()
    wait(driver).until(EC.presence_of_element_located((By.ID, "nav-user")))


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


def idle(driver, timeout: float = 20):
    """Until Dash has no callback in flight."""
    def ready(d):
        return d.execute_script("""
            const el = document.querySelector('._dash-loading-callback');
            return !el;
        """)
    wait(driver, timeout).until(ready)
    time.sleep(0.2)


def shot(driver, artifacts, name: str):
    driver.save_screenshot(str(artifacts / f"{name}.png"))
