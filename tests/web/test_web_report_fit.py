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
const wrap = document.querySelector('.scroll'), table = wrap.querySelector('table.report');
const last = table.querySelector('thead th:last-child').getBoundingClientRect();
const box = wrap.getBoundingClientRect();
return [table.scrollWidth - wrap.clientWidth, Math.round(last.right - box.right)];
"""


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_report_table_fits_the_screen(hall: Hall, browser: Any, tmp_path: Path, width: int) -> None:
    browser.set_window_size(width, 900)
    log_in(browser, hall, "1002", "2222")
    browser.get(f"{hall.url}/admin/reports?by=window")
    overflow, past_edge = browser.execute_script(OVERFLOW)
    assert overflow <= 0 and past_edge <= 0, f"the table runs {overflow} px past its card at {width} px"
    save_screenshot(browser, tmp_path, f"reports-{width}", group="web")


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
