"""The citizen's phone page (/t/TOKEN) in a real Chromium at phone size, live as window 3 calls the ticket."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.screenshots import save_screenshot
from tests.web.web_helpers import WAIT_S, Hall


def test_phone_page_turns_to_window_3_when_called(hall: Hall, browser: Any, tmp_path: Path) -> None:
    someone_else = hall.issue("SVC_C")
    mine = hall.issue("SVC_C")  # window 3 serves only 业务C, so it calls someone_else first, then mine
    # The phone's own viewport (not the desktop window around it), so the screenshot is what a citizen sees.
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 360, "height": 780, "deviceScaleFactor": 1, "mobile": True}
    )
    browser.get(f"{hall.url}/t/{mine['track_token']}")
    wait = WebDriverWait(browser, WAIT_S)
    headline = (By.ID, "headline")
    wait.until(ec.text_to_be_present_in_element((By.ID, "conn"), "实时更新中"))
    # One ahead: 即将到号, with where to go, what to bring and the hall's one 过号 sentence.
    assert browser.find_element(*headline).text == "即将到号"
    assert "soon" in browser.find_element(By.TAG_NAME, "body").get_attribute("class")
    assert browser.find_element(By.ID, "detail").text == "前面还有 1 人"
    assert browser.find_element(By.ID, "estimate").text.startswith("预计等候约")
    # No clerk has logged in yet: the windows that will serve 业务C, in the hall's order.
    assert browser.find_element(By.ID, "windows").text == "办理窗口：2号窗口、3号专窗、4号窗口"
    assert "营业执照副本复印件" in browser.find_element(By.CLASS_NAME, "checklist").text
    assert browser.find_element(By.ID, "overdue").text == "过号请重新取号"
    save_screenshot(browser, tmp_path, "phone_soon", group="17/phone")

    clerk = hall.login("1001", "1111", window=3)
    called = hall.act(3, "call-next", clerk)
    assert called["ticket"]["number"] == someone_else["number"]
    # Someone ahead was called: the page re-reads its own place, and still says nothing about that ticket.
    wait.until(ec.text_to_be_present_in_element((By.ID, "detail"), "下一个就是您"))
    assert someone_else["number"] not in browser.find_element(By.TAG_NAME, "body").text

    hall.act(3, "no-show", clerk)
    hall.act(3, "call-next", clerk)
    wait.until(ec.text_to_be_present_in_element(headline, "请到3号窗口"))
    assert browser.title == "请到3号窗口"
    assert "state-called" in browser.find_element(By.TAG_NAME, "body").get_attribute("class")
    save_screenshot(browser, tmp_path, "phone_called", group="17/phone")

    hall.act(3, "start", clerk)
    wait.until(ec.text_to_be_present_in_element(headline, "正在3号窗口办理"))
    hall.act(3, "finish", clerk)
    wait.until(ec.text_to_be_present_in_element(headline, "业务已办结"))
    save_screenshot(browser, tmp_path, "phone_done", group="17/phone")


def test_a_ticket_far_back_is_waiting_with_a_range(hall: Hall, browser: Any, tmp_path: Path) -> None:
    tickets = [hall.issue("SVC_A") for _ in range(6)]
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 360, "height": 780, "deviceScaleFactor": 1, "mobile": True}
    )
    browser.get(f"{hall.url}/t/{tickets[-1]['track_token']}")
    assert browser.find_element(By.ID, "headline").text == "排队等候中"
    ahead = tickets[-1]["waiting_ahead"]
    low, high = tickets[-1]["est_wait_range"]
    assert browser.find_element(By.ID, "detail").text == f"前面还有 {ahead} 人"
    assert browser.find_element(By.ID, "estimate").text == f"预计等候约 {low}–{high} 分钟"
    save_screenshot(browser, tmp_path, "phone_waiting", group="17/phone")


def test_an_unknown_tracking_link_says_so_in_chinese(hall: Hall, browser: Any) -> None:
    browser.get(f"{hall.url}/t/not-a-real-token")
    assert browser.find_element(By.TAG_NAME, "h1").text == "没有找到这张号票"


def test_phone_page_lists_what_is_missing_once_the_window_returns_the_application(
    hall: Hall, browser: Any, tmp_path: Path
) -> None:
    """一次性告知 on the phone: the page open while the citizen is at the window turns, when the clerk records
    容缺受理, into the list of missing items and the due date, the same words as the printed notice."""
    mine = hall.issue("SVC_C")
    clerk = hall.login("1001", "1111", window=3)
    assert hall.act(3, "call", clerk, number=mine["number"])["ticket"]["number"] == mine["number"]
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 360, "height": 780, "deviceScaleFactor": 1, "mobile": True}
    )
    browser.get(f"{hall.url}/t/{mine['track_token']}")
    wait = WebDriverWait(browser, WAIT_S)
    wait.until(ec.text_to_be_present_in_element((By.ID, "conn"), "实时更新中"))
    assert not browser.find_elements(By.ID, "notice")
    body = {
        "outcome": "accepted_pending",
        "missing": ["营业执照副本复印件", "法定代表人身份证复印件"],
        "due": "2099-03-09",
    }
    hall.act(3, "finish", clerk, **body)
    wait.until(ec.presence_of_element_located((By.ID, "notice")))
    wait.until(ec.text_to_be_present_in_element((By.ID, "conn"), "实时更新中"))
    items = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#notice .missing li")]
    assert items == ["营业执照副本复印件", "法定代表人身份证复印件"]
    assert browser.find_element(By.CSS_SELECTOR, "#notice .due").text == "补齐期限：2099年3月9日前"
    assert browser.find_element(By.ID, "headline").text == "已容缺受理"
    save_screenshot(browser, tmp_path, "phone_notice", group="web")
    browser.refresh()  # a fresh load: the server draws the same list (_outcome.html), with the hall's phone
    wait.until(ec.text_to_be_present_in_element((By.ID, "conn"), "实时更新中"))
    assert [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#notice .missing li")] == items
    assert "咨询电话：010-12345678" in browser.find_element(By.ID, "notice").text
