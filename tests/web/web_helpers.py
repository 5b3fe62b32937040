"""Helpers shared by the tests in this folder (split out of conftest so tests import them by name)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

WEB_DEVICES = [("kiosk", "kiosk", []), ("pad", "pad3", [3])]


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

    def act(self, window: int, action: str, headers: dict[str, str], **body: Any) -> dict[str, Any]:
        r = self.api.post(f"/api/v1/windows/{window}/{action}", headers=headers, json=body or None)
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()
        return data


def login_nonce(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, html
    return found.group(1)
