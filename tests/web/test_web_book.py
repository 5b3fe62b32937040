"""The booking page (/book) in a real Chromium at phone size, in Chinese and in English: book, see the code,
cancel; the holiday is closed and the make-up Saturday open. The server's clock stands at Monday 2 March 2026,
10:00 in Shanghai."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.booking import HOLIDAY, MAKE_UP_SATURDAY, write_booking_hall
from tests.support.hall import MORNING, provision, sqlite_database
from tests.support.screenshots import drawn, save_screenshot
from tests.support.server_process import ServerProcess
from tests.web.web_helpers import WAIT_S

CJK = re.compile(r"[\u4e00-\u9fff]")
# Chinese punctuation (、。「」…), full-width forms (，：（）) and the curly quotes a Chinese text uses.
FULL_WIDTH = re.compile(r"[\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019]")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("book")
    hall = write_booking_hall(folder, capacity=2)
    db_url = sqlite_database(folder, hall.config)
    provision(db_url, hall.path, [], MORNING)
    with ServerProcess(hall.path, db_url, clock=MORNING) as running:
        yield running


def phone_sized(browser: Any) -> WebDriverWait[Any]:
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 390, "height": 1400, "deviceScaleFactor": 1, "mobile": True}
    )
    return WebDriverWait(browser, WAIT_S)


def choose(browser: Any, name: str, value: str) -> None:
    label = browser.find_element(By.CSS_SELECTOR, f"input[name={name}][value='{value}']").find_element(By.XPATH, "..")
    label.click()


def fill(browser: Any, name: str, phone: str) -> None:
    for field, value in (("name", name), ("phone", phone)):
        element = browser.find_element(By.ID, field)
        element.clear()
        element.send_keys(value)


def slot_shown(slot: str) -> Any:
    return ec.presence_of_element_located((By.CSS_SELECTOR, f"#slots input[value='{slot}']"))


def test_book_see_the_code_and_cancel_in_chinese(server: ServerProcess, browser: Any, tmp_path: Path) -> None:
    wait = phone_sized(browser)
    browser.get(f"{server.url}/book")
    assert browser.find_element(By.TAG_NAME, "h1").text == "网上预约"
    wait.until(slot_shown("10:30-11:00"))  # today, from the first slot not yet started
    holiday = browser.find_element(By.CSS_SELECTOR, f"input[name=date][value='{HOLIDAY}']")
    assert not holiday.is_enabled() and "休息" in holiday.find_element(By.XPATH, "..").text
    assert browser.find_element(By.CSS_SELECTOR, f"input[name=date][value='{MAKE_UP_SATURDAY}']").is_enabled()
    choose(browser, "date", "2026-03-04")
    wait.until(slot_shown("09:00-09:30"))
    assert "余 2" in browser.find_element(By.ID, "slots").text
    choose(browser, "slot", "09:00-09:30")
    fill(browser, "王秀英", "13812345678")
    save_screenshot(browser, tmp_path, "book_form_zh", group="web")
    browser.find_element(By.ID, "submit").click()
    wait.until(ec.visibility_of_element_located((By.ID, "done")))
    code = browser.find_element(By.ID, "done-code").text
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{8}", code)
    assert "请于 08:55 后到大厅取号机" in browser.find_element(By.ID, "done-come").text
    assert "3月4日 周三 09:00-09:30" in browser.find_element(By.ID, "done-what").text
    assert "业务A" in browser.find_element(By.ID, "done-what").text
    wait.until(ec.text_to_be_present_in_element((By.ID, "slots"), "余 1"))
    shot = save_screenshot(browser, tmp_path, "book_done_zh", group="web")
    assert drawn(shot).colours > 8
    r = httpx.get(f"{server.url}/api/v1/bookings/{code}", params={"phone": "13812345678"})
    assert r.json()["status"] == "booked" and r.json()["name_masked"] == "王**"

    browser.find_element(By.ID, "cancel").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "done-title"), "已取消"))
    assert not browser.find_element(By.ID, "cancel").is_displayed()
    save_screenshot(browser, tmp_path, "book_cancelled_zh", group="web")
    r = httpx.get(f"{server.url}/api/v1/bookings/{code}", params={"phone": "13812345678"})
    assert r.json()["status"] == "cancelled"


def test_book_in_english_with_refusals_in_english(server: ServerProcess, browser: Any, tmp_path: Path) -> None:
    wait = phone_sized(browser)
    browser.get(f"{server.url}/book?lang=en")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Book a visit"
    choose(browser, "date", "2026-03-05")
    wait.until(slot_shown("14:00-14:30"))
    choose(browser, "slot", "14:00-14:30")
    fill(browser, "Li Hua", "13900001111")
    browser.find_element(By.ID, "submit").click()
    wait.until(ec.visibility_of_element_located((By.ID, "done")))
    assert 'From 13:55, tap "Appointment check-in"' in browser.find_element(By.ID, "done-come").text
    # The day as the day chooser writes it, not "2026-03-05"; the service by its English name.
    assert browser.find_element(By.ID, "done-what").text == "Thu 5 Mar 14:00-14:30 · Service A"
    day = browser.find_element(By.CSS_SELECTOR, "input[name=date][value='2026-03-05']").find_element(By.XPATH, "..")
    assert day.text.startswith("Thu 5 Mar")
    assert browser.find_element(By.CSS_SELECTOR, "main header .hall").text == "Test Hall"
    save_screenshot(browser, tmp_path, "book_done_en", group="web")
    choose(browser, "slot", "14:30-15:00")
    browser.find_element(By.ID, "submit").click()  # the same person, the same day again
    wait.until(ec.text_to_be_present_in_element((By.ID, "error"), "You already have a booking"))
    save_screenshot(browser, tmp_path, "book_refused_en", group="web")
    # English words, English punctuation, English dates: no Chinese, no full-width or curly quotes, no ISO day
    # (the hall file names the hall and its services in English too). The switch back says 中文, in Chinese.
    words = browser.find_element(By.TAG_NAME, "body").text.replace("中文", "")
    assert not CJK.search(words), words
    assert not FULL_WIDTH.search(words), FULL_WIDTH.findall(words)
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}", words), words


def test_the_supervisor_sees_the_days_slots(server: ServerProcess, browser: Any, tmp_path: Path) -> None:
    for phone in ("13700000001", "13700000002"):  # 6 March, 09:00-09:30: full (capacity 2)
        body = {"service": "SVC_A", "date": "2026-03-06", "slot": "09:00-09:30", "name": "赵六", "phone": phone}
        assert httpx.post(f"{server.url}/api/v1/bookings", json=body).status_code == 201
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.set_window_size(1200, 800)
    browser.get(f"{server.url}/admin/bookings?day=2026-03-06")
    if browser.current_url.endswith("/admin/login"):
        browser.find_element(By.ID, "staff_no").send_keys("1002")
        browser.find_element(By.ID, "pin").send_keys("2222")
        browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        # The form's answer is a navigation: a page asked for before it lands would be replaced by it.
        WebDriverWait(browser, WAIT_S).until(lambda b: not b.current_url.endswith("/admin/login"))
        browser.get(f"{server.url}/admin/bookings?day=2026-03-06")
    table = WebDriverWait(browser, WAIT_S).until(ec.presence_of_element_located((By.ID, "booking-slots")))
    assert "业务A 09:00-09:30 2 / 2 0 0 0" in table.text
    assert "3月6日预约" in browser.find_element(By.TAG_NAME, "main").text
    save_screenshot(browser, tmp_path, "admin_bookings", group="web")
