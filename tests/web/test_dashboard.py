"""The dashboard in Debian's headless Chromium against the real server on loopback."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from callpilot.api import create_app
from callpilot.config import Settings
from callpilot.testing import ServerThread

pytestmark = pytest.mark.browser

SCRIPT = [
    {"at": 0.0, "end": 1.0, "speaker": "customer", "text": "Do you have a student discount?"},
    {"at": 1.4, "end": 2.6, "speaker": "rep", "text": "We do, it is ten percent."},
]


@pytest.fixture
def browser(chromium: str) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ):
        options.add_argument(flag)
    with tempfile.TemporaryDirectory() as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
        try:
            yield driver
        finally:
            driver.quit()


def test_dashboard_shows_a_live_call_transcript(
    settings: Settings, browser: webdriver.Chrome
) -> None:
    with ServerThread(create_app(settings)) as server:
        browser.get(server.url + "/")
        wait = WebDriverWait(browser, 15)
        wait.until(lambda d: d.find_element(By.ID, "status").text == "live")
        call = httpx.post(f"{server.url}/api/sim/calls", json={"turns": SCRIPT, "speed": 5}).json()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#transcript li")) == 2)
        lines = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#transcript li")]
        assert "Do you have a student discount?" in lines[0] and "ten percent" in lines[1]
        item = browser.find_element(By.CSS_SELECTOR, f'#call-list li[data-call-id="{call["id"]}"]')
        assert "sim" in item.text
        wait.until(
            lambda d: (
                "LIVE"
                not in d.find_element(
                    By.CSS_SELECTOR, f'#call-list li[data-call-id="{call["id"]}"]'
                ).text
            )
        )

        browser.find_element(By.ID, "start-demo").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#call-list li")) == 2)
