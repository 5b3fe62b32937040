"""Browser tests: Debian's chromium + chromium-driver through Selenium, against a real `jiaohao server` process.

One server and one browser per module keep the whole folder well under a minute. Screenshots go to the test's
tmp_path and, for people to look at, to out/screenshots/ (gitignored).
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent.parent / "server"))  # server_process.py lives with the server tests

from server_process import ServerProcess, provision

ROOT = Path(__file__).parent.parent.parent
ALLDAY_HALL = ROOT / "tests" / "fixtures" / "allday_hall.toml"
SCREENSHOTS = ROOT / "out" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WAIT_S = 15.0

webdriver = pytest.importorskip("selenium.webdriver")
if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("Debian chromium and chromium-driver are not installed", allow_module_level=True)


@dataclass
class Hall:
    """The running server and the device tokens and logins a test needs to make things happen in the hall."""

    url: str
    kiosk: dict[str, str]
    pad3: dict[str, str]
    api: httpx.Client

    def issue(self, service: str) -> dict[str, Any]:
        r = self.api.post("/api/v1/tickets", json={"service": service}, headers=self.kiosk)
        assert r.status_code == 201, r.text
        data: dict[str, Any] = r.json()
        return data

    def login(self, staff_no: str, pin: str, window: int | None) -> dict[str, str]:
        r = self.api.post("/api/v1/auth/login", json={"staff_no": staff_no, "pin": pin, "window": window})
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['token']}"}

    def act(self, window: int, action: str, headers: dict[str, str]) -> dict[str, Any]:
        r = self.api.post(f"/api/v1/windows/{window}/{action}", headers=headers)
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()
        return data


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


def save_screenshot(driver: Any, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    assert driver.save_screenshot(str(path)), f"could not save {path}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENSHOTS / path.name)
    return path


def login_nonce(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, html
    return found.group(1)
