"""The supervisor's dashboard in a real Chromium: login, a 差评 case appearing live, case handling, the notice,
report exports, and the refusals for strangers and clerks."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import httpx
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.screenshots import save_screenshot
from tests.web.web_helpers import WAIT_S, Hall, login_nonce


def log_in(browser: Any, hall: Hall, staff_no: str, pin: str) -> None:
    browser.get(f"{hall.url}/admin/login")
    browser.find_element(By.ID, "staff_no").send_keys(staff_no)
    browser.find_element(By.ID, "pin").send_keys(pin)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    # The form's answer is a navigation: a page asked for before it lands would be replaced by it.
    WebDriverWait(browser, WAIT_S).until(lambda b: not b.current_url.endswith("/admin/login"))


def test_a_new_bad_rating_case_appears_without_reload_and_is_handled(hall: Hall, browser: Any, tmp_path: Path) -> None:
    browser.set_window_size(1400, 1000)
    browser.get(f"{hall.url}/admin")
    assert browser.current_url.endswith("/admin/login")  # strangers are sent to the login form
    log_in(browser, hall, "1002", "2222")
    wait = WebDriverWait(browser, WAIT_S)
    wait.until(ec.text_to_be_present_in_element((By.ID, "live"), "实时更新中"))
    assert "没有待处理的差评工单" in browser.find_element(By.ID, "cases-list").text
    browser.execute_script("window.notReloaded = true")

    waiting = hall.issue("SVC_A")  # still waiting when the screenshot is taken
    ticket = hall.issue("SVC_C")
    clerk = hall.login("1001", "1111", window=3)
    hall.act(3, "call-next", clerk)
    hall.act(3, "start", clerk)
    hall.act(3, "finish", clerk)
    r = hall.api.post(
        "/api/v1/ratings",
        json={"ticket_id": ticket["id"], "level": 1, "reasons": ["办事效率"], "comment": "等了很久"},
        headers=hall.pad3,
    )
    assert r.status_code == 201, r.text

    wait.until(ec.text_to_be_present_in_element((By.ID, "cases-list"), f"{ticket['number']} 号"))
    assert browser.execute_script("return window.notReloaded === true"), "the page reloaded instead of updating"
    cases = browser.find_element(By.ID, "cases-list").text
    assert "待回访" in cases and "等了很久" in cases and "办事效率" in cases
    hall_text = browser.find_element(By.ID, "hall").text
    assert "业务A" in hall_text and "测试员甲" in hall_text
    assert waiting["number"] not in cases
    save_screenshot(browser, tmp_path, "dashboard", group="web")

    form = browser.find_element(By.CSS_SELECTOR, "#cases-list form")
    form.find_element(By.TAG_NAME, "textarea").send_keys("已电话回访，向群众说明并致歉")
    form.find_element(By.TAG_NAME, "button").click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".flash.ok"), "已记录回访"))
    assert "已回访，待整改" in browser.find_element(By.ID, "cases-list").text

    notice = browser.find_element(By.CSS_SELECTOR, "#notice textarea")
    notice.clear()
    notice.send_keys("今日下午系统升级，请提前取号")
    browser.find_element(By.CSS_SELECTOR, "#notice button").click()
    wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".flash.ok"), "滚动通知已更新"))
    assert hall.api.get("/api/v1/hall").json()["notice"] == "今日下午系统升级，请提前取号"


def test_report_page_draws_charts_and_its_exports_open(hall: Hall, browser: Any, tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser.get(f"{hall.url}/admin/reports?by=window")
    if browser.current_url.endswith("/admin/login"):
        log_in(browser, hall, "1002", "2222")
        browser.get(f"{hall.url}/admin/reports?by=window")
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.chart svg rect")) > 0
    assert "3号专窗" in browser.find_element(By.CSS_SELECTOR, "table.report").text
    save_screenshot(browser, tmp_path, "reports", group="web")

    browser.find_element(By.ID, "export-csv").click()
    browser.find_element(By.ID, "export-xlsx").click()

    def finished(_: Any) -> list[Path] | bool:
        # Done when both files are there under their final names and whole: Chromium may show the final name
        # before it has flushed the last bytes, and a half-written XLSX is not yet a zip.
        if list(downloads.glob("*.crdownload")):
            return False
        files = sorted(downloads.glob("report_*"))
        done = [f for f in files if f.suffix in (".csv", ".xlsx")]
        if len(done) != 2 or not all(f.stat().st_size > 0 for f in done):
            return False
        return done if zipfile.is_zipfile(done[1]) else False

    csv_file, xlsx_file = WebDriverWait(browser, WAIT_S).until(finished)
    table = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
    assert table[0][0] == "窗口" and table[-1][0] == "合计"
    sheet = load_workbook(xlsx_file).active
    assert sheet["A2"].value == "窗口"
    assert sheet.cell(row=sheet.max_row, column=1).value == "合计"


def test_report_page_compares_the_period_with_the_one_before(hall: Hall, browser: Any, tmp_path: Path) -> None:
    """平均办理时长, 好评率, 一次办结率, 容缺按时补齐率: this period against the previous one, with the change."""
    clerk = hall.login("1001", "1111", window=3)
    for outcome in ({}, {"outcome": "returned", "missing": ["营业执照副本复印件"]}):
        ticket = hall.issue("SVC_C")
        hall.act(3, "call", clerk, number=ticket["number"])
        hall.act(3, "finish", clerk, **outcome)
    browser.get(f"{hall.url}/admin/reports")
    if browser.current_url.endswith("/admin/login"):
        log_in(browser, hall, "1002", "2222")
        browser.get(f"{hall.url}/admin/reports")
    rows = browser.find_elements(By.CSS_SELECTOR, "#period tbody tr")
    assert [r.find_element(By.TAG_NAME, "td").text for r in rows] == [
        "平均办理时长",
        "好评率",
        "一次办结率",
        "容缺按时补齐率",
    ]
    boss = hall.login("1002", "2222", window=None)
    total = hall.api.get("/api/v1/reports/summary", headers=boss).json()["total"]
    assert 0 < total["one_visit_rate"] < 1, total  # at least one 一次办结 and one 一次性告知 today
    visit = browser.find_element(By.CSS_SELECTOR, '#period tr[data-field="one_visit_rate"]')
    now, before, change = (td.text for td in visit.find_elements(By.CSS_SELECTOR, "td.num"))
    assert now == f"{total['one_visit_rate'] * 100:.1f}%" and (before, change) == ("—", "—"), (now, before, change)
    save_screenshot(browser, tmp_path, "reports-period", group="web")


def test_supervisor_pages_refuse_strangers_and_clerks(hall: Hall) -> None:
    with httpx.Client(base_url=hall.url, timeout=10) as anon:
        for path in ("/admin", "/admin/reports", "/admin/reports/export?format=csv"):
            r = anon.get(path, follow_redirects=False)
            assert (r.status_code, r.headers.get("location")) == (303, "/admin/login"), path
        assert anon.get("/admin/fragments").status_code == 401
        assert anon.post("/admin/notice", data={"text": "x"}).status_code == 401

    with httpx.Client(base_url=hall.url, timeout=10) as clerk:
        nonce = login_nonce(clerk.get("/admin/login").text)
        r = clerk.post("/admin/login", data={"csrf": nonce, "staff_no": "1001", "pin": "1111"})
        assert r.status_code == 403 and "无权登录管理后台" in r.text
        assert "jiaohao_admin" not in clerk.cookies
        # A clerk's API token slipped into the cookie is still a clerk.
        token = hall.login("1001", "1111", window=2)["Authorization"].removeprefix("Bearer ")
        clerk.cookies.set("jiaohao_admin", token, path="/admin")
        assert clerk.get("/admin").status_code == 403
        assert clerk.get("/admin/reports").status_code == 403

    with httpx.Client(base_url=hall.url, timeout=10) as boss:
        boss.get("/admin/login")
        r = boss.post("/admin/login", data={"csrf": "forged", "staff_no": "1002", "pin": "2222"})
        assert r.status_code == 403  # the login form's own CSRF check
        nonce = login_nonce(r.text)  # the refused form comes back with a fresh one
        r = boss.post("/admin/login", data={"csrf": nonce, "staff_no": "1002", "pin": "2222"}, follow_redirects=False)
        assert r.status_code == 303
        r = boss.post("/admin/notice", data={"csrf": "forged", "text": "被篡改的通知"})
        assert r.status_code == 403 and hall.api.get("/api/v1/hall").json()["notice"] != "被篡改的通知"
        real = login_nonce(boss.get("/admin").text)
        r = boss.post("/admin/notice", data={"csrf": real, "text": "跨站"}, headers={"Origin": "http://evil.example"})
        assert r.status_code == 403


def test_the_staff_table_shows_each_clerks_first_asked_cases(hall: Hall, browser: Any, tmp_path: Path) -> None:
    """首问负责 on the page grouped by staff: the clerk's 首问 cases and how they ended, as the report's JSON."""
    clerk = hall.login("1001", "1111", window=3)
    ticket = hall.issue("SVC_C")
    hall.act(3, "call", clerk, number=ticket["number"])
    hall.act(3, "finish", clerk, outcome="returned", missing=["营业执照副本复印件"])
    browser.get(f"{hall.url}/admin/reports?by=staff")
    if browser.current_url.endswith("/admin/login"):
        log_in(browser, hall, "1002", "2222")
        browser.get(f"{hall.url}/admin/reports?by=staff")
    titles = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.report th.first-asked")]
    assert titles == ["首问件数", "首问一次办结", "首问容缺受理", "首问一次性告知", "首问咨询", "首问未办结"]
    boss = hall.login("1002", "2222", window=None)
    rows = hall.api.get("/api/v1/reports/summary", params={"by": "staff"}, headers=boss).json()["rows"]
    (mine,) = [r for r in rows if r["key"] == "1001"]
    keys = ("cases", "completed", "accepted_pending", "returned", "consulted", "open")
    expected = [str(mine["first_asked"].get(k, 0)) for k in keys]
    assert int(expected[0]) >= 1 and int(expected[3]) >= 1, mine["first_asked"]  # this test's 一次性告知 at least
    shown = next(
        tr for tr in browser.find_elements(By.CSS_SELECTOR, "table.first-asked-table tbody tr")
        if "（1001）" in tr.text
    )
    assert [td.text for td in shown.find_elements(By.CSS_SELECTOR, "td.first-asked")] == expected
    # The 首问 columns are the table's last: scroll there, as a supervisor would, for the picture.
    browser.execute_script("arguments[0].scrollIntoView(); arguments[0].closest('.scroll').scrollLeft = 1e6", shown)
    save_screenshot(browser, tmp_path, "reports-staff-first-asked", group="f14")
