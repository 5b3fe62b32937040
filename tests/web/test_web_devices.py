"""The dashboard's device panel in a real Chromium, on a server whose clock the test moves: online,
degraded with its reason, never seen, and a device going silent — shown and alerted without a reload."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.hall import MORNING
from tests.support.live import LiveHall, start_live_hall
from tests.support.screenshots import save_screenshot
from tests.web.test_web_dashboard import log_in
from tests.web.web_helpers import WAIT_S, Hall

DEVICES = [("kiosk", "kiosk", []), ("pad", "pad3", [3]), ("display", "hall-screen", []), ("caller", "hub1", [1])]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHall]:
    with start_live_hall(tmp_path_factory.mktemp("devices"), DEVICES, prefix="web-devices", clock=MORNING) as hall:
        yield hall


def beat(live: LiveHall, device: str, status: str, detail: str) -> None:
    r = httpx.post(
        f"{live.url}/api/v1/devices/status",
        json={"status": status, "detail": detail},
        headers={"Authorization": f"Bearer {live.tokens[device]}"},
    )
    assert r.status_code == 204, r.text


def row(browser: Any, name: str) -> str:
    for tr in browser.find_elements(By.CSS_SELECTOR, "#devices tbody tr"):
        if tr.text.startswith(name):
            return str(tr.text)
    raise AssertionError(f"{name} not in the device panel: {browser.find_element(By.ID, 'devices').text}")


def test_device_panel_shows_online_degraded_and_offline_since(live: LiveHall, browser: Any, tmp_path: Path) -> None:
    beat(live, "kiosk", "ok", "打印机正常")
    beat(live, "pad3", "degraded", "评价器未连接（串口总线未打开）")
    beat(live, "hub1", "ok", "总线已打开，1 号窗口键盘应答正常")
    browser.set_window_size(1400, 1100)
    log_in(browser, Hall(live.url, {}, {}, httpx.Client()), "1002", "2222")
    wait = WebDriverWait(browser, WAIT_S)
    wait.until(ec.text_to_be_present_in_element((By.ID, "live"), "实时更新中"))
    assert "在线（打印机正常）" in row(browser, "kiosk")
    assert "异常：评价器未连接（串口总线未打开）" in row(browser, "pad3")
    assert "离线（从未上线）" in row(browser, "hall-screen")
    alerts = browser.find_element(By.ID, "alerts").text
    assert "评价器「pad3」异常：评价器未连接" in alerts and "显示屏「hall-screen」离线（从未上线）" in alerts
    assert "kiosk" not in alerts
    save_screenshot(browser, tmp_path, "devices-online", group="web")
    browser.execute_script("window.notReloaded = true")

    # One minute on, the kiosk beats again; the hub says nothing more. At 2 min 30 s the hub is lost.
    live.advance(timedelta(minutes=1))
    beat(live, "kiosk", "ok", "打印机正常")
    live.advance(timedelta(minutes=1, seconds=30))
    wait.until(lambda b: "离线" in row(b, "hub1"))
    assert browser.execute_script("return window.notReloaded === true"), "the page reloaded instead of updating"
    local = MORNING.astimezone(ZoneInfo(live.hall_file.config.policy.timezone)).strftime("%H:%M")
    assert f"离线，自 {local} 起无心跳" in row(browser, "hub1")
    assert "在线" in row(browser, "kiosk")
    assert f"叫号器「hub1」离线（最后在线 {local}）" in browser.find_element(By.ID, "alerts").text
    save_screenshot(browser, tmp_path, "devices-lost", group="web")
