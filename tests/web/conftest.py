"""Browser tests: Debian's chromium + chromium-driver through Selenium, against a real `jiaohao server` process.

One server (tests/support/live.py) and one browser per module keep the whole folder well under a minute.
Screenshots go to the test's tmp_path and, for people to look at, to out/screenshots/web/ (gitignored)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.live import start_live_hall

from .web_helpers import CHROMEDRIVER, CHROMIUM, WEB_DEVICES, Hall, webdriver


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hall]:
    with start_live_hall(tmp_path_factory.mktemp("web"), WEB_DEVICES, prefix="web-test") as live:
        api = httpx.Client(base_url=live.url, timeout=10)
        live.own(api.close)
        tokens = live.tokens
        yield Hall(
            live.url,
            {"Authorization": f"Bearer {tokens['kiosk']}"},
            {"Authorization": f"Bearer {tokens['pad3']}"},
            api,
        )


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=zh-CN",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    # The driver path is given, so Selenium Manager never tries to download a browser or a driver.
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
