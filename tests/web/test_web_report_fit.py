"""The report table fits its page: every column visible, no sideways scrolling, on a 1024 px screen and on
a printed A4 page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.screenshots import save_screenshot
from tests.web.test_web_dashboard import log_in
from tests.web.web_helpers import Hall

OVERFLOW = """
const wraps = [...document.querySelectorAll('.scroll')];
if (wraps.length < 2) return [null, null];
let overflow = -1e9, pastEdge = -1e9;
for (const wrap of wraps) {
  const table = wrap.querySelector('table.report');
  const last = table.querySelector('thead th:last-child').getBoundingClientRect();
  overflow = Math.max(overflow, table.scrollWidth - wrap.clientWidth);
  pastEdge = Math.max(pastEdge, Math.round(last.right - wrap.getBoundingClientRect().right));
}
return [overflow, pastEdge];
"""


@pytest.fixture(scope="module", autouse=True)
def served_today(hall: Hall) -> None:
    """A row beside the total, so the tables are measured with the hall's own names in their first column."""
    clerk = hall.login("1001", "1111", window=3)
    ticket = hall.issue("SVC_C")
    hall.act(3, "call", clerk, number=ticket["number"])
    hall.act(3, "finish", clerk, outcome="returned", missing=["营业执照副本复印件"])


@pytest.mark.parametrize(("width", "by"), [(1024, "window"), (1024, "staff"), (1280, "window")])
def test_the_report_table_fits_the_screen(hall: Hall, browser: Any, tmp_path: Path, width: int, by: str) -> None:
    browser.set_window_size(width, 900)
    log_in(browser, hall, "1002", "2222")
    browser.get(f"{hall.url}/admin/reports?by={by}")
    overflow, past_edge = browser.execute_script(OVERFLOW)
    assert overflow is not None, "the report tables are missing"
    browser.execute_script("document.querySelector('.scroll').closest('section').scrollIntoView()")
    save_screenshot(browser, tmp_path, f"reports-{by}-{width}", group="web")
    assert overflow <= 0 and past_edge <= 0, f"a table runs {overflow} px past its card at {width} px"
    browser.execute_script("document.querySelector('.scroll').closest('section').scrollIntoView()")
    save_screenshot(browser, tmp_path, f"reports-{by}-{width}", group="web")


def test_the_report_table_fits_a_printed_page(hall: Hall, browser: Any) -> None:
    browser.set_window_size(1280, 900)
    log_in(browser, hall, "1002", "2222")
    browser.get(f"{hall.url}/admin/reports?by=window")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        browser.set_window_size(1045, 900)  # A4 landscape less 10 mm margins, at 96 dpi: 277 mm ≈ 1047 px
        overflow, past_edge = browser.execute_script(OVERFLOW)
        assert overflow <= 0 and past_edge <= 0, f"the printed table runs {overflow} px past the page"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
