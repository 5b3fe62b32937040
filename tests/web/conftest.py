"""Browser tests: Debian's chromium + chromium-driver through Selenium, against a real `jiaohao server` process.

One server and one browser per module keep the whole folder well under a minute. Screenshots go to the test's
tmp_path and, for people to look at, to out/screenshots/ (gitignored)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.server_process import ServerProcess, provision

from .web_helpers import (
    ALLDAY_HALL,
    CHROMEDRIVER,
    CHROMIUM,
    Hall,
    webdriver,
)


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hall]:
    folder = tmp_path_factory.mktemp("web")
    db = f"sqlite:///{folder / 'hall.db'}"
    tokens = provision(db, ALLDAY_HALL, [("kiosk", "kiosk", []), ("pad", "pad3", [3])])
    with ServerProcess(ALLDAY_HALL, db) as server, httpx.Client(base_url=server.url, timeout=10) as api:
        yield Hall(
            server.url,
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
