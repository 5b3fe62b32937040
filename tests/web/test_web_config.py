"""The configuration pages and the audit log in a real Chromium: a supervisor changes a service and the pause
reasons while the hall runs, a wrong value is refused with its place and reason, and an administrator reads
(and exports) who did it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.screenshots import save_screenshot
from tests.web.web_helpers import WAIT_S, Hall


def log_in(browser: Any, hall: Hall, staff_no: str, pin: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{hall.url}/admin/login")
    browser.find_element(By.ID, "staff_no").send_keys(staff_no)
    browser.find_element(By.ID, "pin").send_keys(pin)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()  # the login form is the only one
    WebDriverWait(browser, WAIT_S).until(ec.url_to_be(f"{hall.url}/admin"))


def service(hall: Hall, code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in hall.api.get("/api/v1/hall").json()["services"] if s["code"] == code)
    return found


def flash(browser: Any, css: str, text: str) -> str:
    WebDriverWait(browser, WAIT_S).until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
    return str(browser.find_element(By.CSS_SELECTOR, css).text)


def test_a_supervisor_changes_a_service_and_the_pause_reasons_while_the_hall_runs(
    hall: Hall, browser: Any, tmp_path: Path
) -> None:
    browser.set_window_size(1400, 1100)
    log_in(browser, hall, "1002", "2222")
    browser.find_element(By.LINK_TEXT, "配置管理").click()
    services = browser.find_element(By.ID, "services").text
    assert "业务B" in services and "SVC_B" in services and "B0001" in services
    assert "测试员丙" in browser.find_element(By.ID, "staff").text
    save_screenshot(browser, tmp_path, "config", group="web")

    browser.get(f"{hall.url}/admin/config/services/SVC_B")
    name = browser.find_element(By.NAME, "name")
    name.clear()
    name.send_keys("社保参保")
    browser.find_element(By.NAME, "suspended").click()
    checklist = browser.find_element(By.NAME, "checklist")
    checklist.send_keys("身份证原件\n户口簿")
    save_screenshot(browser, tmp_path, "config-service", group="web")
    browser.find_element(By.CSS_SELECTOR, ".config-form button[type=submit]").click()
    assert "已保存业务 SVC_B" in flash(browser, ".flash.ok", "已保存")
    now = service(hall, "SVC_B")
    assert (
        now["name"] == "社保参保"
        and now["closed_reason"] == "暂停取号"
        and now["checklist"] == ["身份证原件", "户口簿"]
    )
    assert "暂停取号" in browser.find_element(By.ID, "services").text

    browser.get(f"{hall.url}/admin/config/services/SVC_B")
    prefix = browser.find_element(By.NAME, "prefix")
    prefix.clear()
    prefix.send_keys("A")
    browser.find_element(By.CSS_SELECTOR, ".config-form button[type=submit]").click()
    error = flash(browser, ".flash.bad", "配置有误")
    assert "prefix 'A' appears 2 times" in error
    assert browser.find_element(By.NAME, "name").get_attribute("value") == "社保参保"  # what was typed stays
    save_screenshot(browser, tmp_path, "config-refused", group="web")
    assert service(hall, "SVC_B")["prefix"] == "B"

    browser.get(f"{hall.url}/admin/config")
    reasons = browser.find_element(By.CSS_SELECTOR, "textarea[name=items][aria-label=暂停原因]")
    reasons.clear()
    reasons.send_keys("午休\n外出核查\n业务培训")
    reasons.find_element(By.XPATH, "./ancestor::form//button").click()
    flash(browser, ".flash.ok", "已保存暂停原因")
    assert hall.api.get("/api/v1/hall").json()["pause_reasons"] == ["午休", "外出核查", "业务培训"]


def test_an_administrator_reads_and_exports_the_audit_log(hall: Hall, browser: Any, tmp_path: Path) -> None:
    log_in(browser, hall, "1002", "2222")
    browser.get(f"{hall.url}/admin/audit")
    assert "操作日志只有管理员可以查看" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(f"{hall.url}/admin/config/services/SVC_C")
    cap = browser.find_element(By.NAME, "daily_cap")
    cap.clear()
    cap.send_keys("30")
    browser.find_element(By.CSS_SELECTOR, ".config-form button[type=submit]").click()
    flash(browser, ".flash.ok", "已保存业务 SVC_C")

    log_in(browser, hall, "1003", "3333")
    browser.set_window_size(1400, 900)
    browser.find_element(By.LINK_TEXT, "操作日志").click()
    table = browser.find_element(By.CSS_SELECTOR, "table.audit").text
    assert "修改配置" in table and "services.SVC_C" in table and "daily_cap" in table and "登录" in table
    rows = browser.find_elements(By.CSS_SELECTOR, "table.audit tbody tr")
    first = rows[0].text
    assert "1003" in first and "登录" in first  # newest first: this administrator's own login
    save_screenshot(browser, tmp_path, "audit", group="web")

    browser.get(f"{hall.url}/admin/audit?action=config_changed&actor=1002")
    filtered = browser.find_elements(By.CSS_SELECTOR, "table.audit tbody tr")
    assert filtered and all("修改配置" in row.text and "1002" in row.text for row in filtered)

    cookie = browser.get_cookie("jiaohao_admin")["value"]
    with httpx.Client(base_url=hall.url, cookies={"jiaohao_admin": cookie}, timeout=10) as admin:
        r = admin.get("/admin/audit/export?action=config_changed")
    assert r.status_code == 200
    table_rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert table_rows[0][:4] == ["时间", "操作人", "地址", "操作"]
    assert {row[4] for row in table_rows[1:]} >= {"services.SVC_B", "services.SVC_C"}
