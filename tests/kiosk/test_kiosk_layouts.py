"""The start screen with 3 to 12 services, portrait and landscape, normal and large type, Chinese and English:
the tiles use the screen (no large blank band under them), none is cut off, every name stays whole.

The halls are written by the test from real service names of a 政务服务中心, long and short, so the longest
(高新技术企业认定咨询, "Consultation on high-tech enterprise certification") is among them from five on.
PNGs under out/screenshots/17/layouts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from drivers.printer.simulator import PrinterSimulator
from kiosk.app import Kiosk
from kiosk.model import Screen
from kiosk.views.screens import paginate
from tests.kiosk.kiosk_helpers import (
    KIOSK_DEVICES,
    MIN_TARGET_PX,
    SIZES,
    MakeKiosk,
    StepClock,
    assert_no_word_broken,
    check_screen,
)
from tests.support.hall import ALLDAY_HALL
from tests.support.live import LiveHall, start_live_hall
from tests.support.screenshots import save_screenshot

SERVICES = [
    ("不动产登记", "Real estate registration"),
    ("社保参保", "Social insurance enrolment"),
    ("医保报销", "Medical insurance claims"),
    ("高新技术企业认定咨询", "Consultation on high-tech enterprise certification"),
    ("证件补办", "Replacement documents"),
    ("公积金提取", "Housing fund withdrawal"),
    ("户籍办理", "Household registration"),
    ("出入境证件", "Passports and travel permits"),
    ("企业开办", "Starting a business"),
    ("税务登记", "Tax registration"),
    ("婚姻登记", "Marriage registration"),
    ("残疾人证办理", "Disability certificate"),
]
COUNTS = (3, 5, 8, 12)
BAND_LIMIT = 0.25  # of the page's height: more empty screen than that under the tiles reads as "missing"
LARGE_TILE_PX = 1.5 * MIN_TARGET_PX


def hall_with_services(folder: Path, count: int) -> Path:
    """The all-day test hall's [hall], [policy] and staff, with `count` services and one window for all."""
    text = ALLDAY_HALL.read_text(encoding="utf-8")
    head, staff = text[: text.index("[[services]]")], text[text.index("[[staff]]") :]
    services = []
    for index, (name, name_en) in enumerate(SERVICES[:count]):
        services.append(
            f'[[services]]\ncode = "S{index:02d}"\nname = "{name}"\nname_en = "{name_en}"\n'
            f'prefix = "{chr(ord("A") + index)}"\nhours = ["00:00-24:00"]\nweekdays = [1, 2, 3, 4, 5, 6, 7]\n'
        )
    codes = ", ".join(f'"S{index:02d}"' for index in range(count))
    window = f'[[windows]]\nnumber = 1\nname = "1号综合窗口"\nname_en = "Window 1"\nservices = [{codes}]\n'
    path = folder / f"base-{count}.toml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(head + "\n".join(services) + "\n" + window + "\n" + staff, encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=COUNTS, ids=lambda n: f"{n}-services")
def hall_of(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHall]:
    folder = tmp_path_factory.mktemp(f"hall{request.param}")
    base = hall_with_services(folder / "base", request.param)
    with start_live_hall(folder / "hall", KIOSK_DEVICES, prefix="kiosk-layout", base=base) as hall:
        yield hall


def top(widget: QWidget, window: QWidget) -> int:
    return widget.mapTo(window, widget.rect().topLeft()).y()


def bottom(widget: QWidget, window: QWidget) -> int:
    return widget.mapTo(window, widget.rect().bottomLeft()).y()


def blank_band(kiosk: Kiosk) -> int:
    """Pixels of empty screen between the lowest tile and what comes under it (the green-channel and
    appointment buttons, or the page's end)."""
    window = kiosk.window
    start = window.start
    tiles = list(start.grid.buttons.values())
    lowest = max(bottom(tile, window) for tile in tiles)
    below = [bottom(window.stack, window)]
    below += [top(widget, window) for widget in (start.entries,) if widget.isVisible()]
    return min(below) - lowest


@pytest.mark.parametrize("orientation", list(SIZES))
def test_start_screen_uses_the_screen_with_3_to_12_services(
    qtbot: QtBot,
    tmp_path: Path,
    hall_of: LiveHall,
    printer_sim: PrinterSimulator,
    make_kiosk: MakeKiosk,
    step_clock: StepClock,
    orientation: str,
) -> None:
    kiosk = make_kiosk(hall_of, f"tcp://127.0.0.1:{printer_sim.port}", size=SIZES[orientation])
    model = kiosk.model
    grid = kiosk.window.start.grid
    count = len(model.tiles())
    for lang in ("zh_CN", "en"):
        for large in (False, True):
            step_clock.advance(10)
            model.set_lang(lang)
            model.set_large(large)
            kiosk.window.refresh()
            seen: list[str] = []
            for page in range(len(grid.pages)):
                name = f"start-{count}-{lang}-{orientation}{'-large' if large else ''}-page{page + 1}"
                save_screenshot(kiosk.window, tmp_path, name, group="17/layouts")
                check_screen(kiosk, name, SIZES[orientation])
                assert_no_word_broken(kiosk, name)
                shown = [code for code, tile in grid.buttons.items() if tile.isVisible()]
                seen += shown
                page_height = kiosk.window.stack.height()
                band = blank_band(kiosk)
                assert band < BAND_LIMIT * page_height, f"{name}: {band} px empty under the tiles of {page_height} px"
                if large:
                    for code in shown:
                        tile = grid.buttons[code]
                        assert tile.height() >= LARGE_TILE_PX, f"{name}: {tile.name.text()!r} is {tile.height()} px"
                grid.pager.click()
            assert seen == list(grid.buttons), f"{lang} {orientation}: every service on one page, in order"
            assert grid.page == 0, "the pager comes back to the first page"
            if len(grid.pages) > 1:
                # The next citizen starts on the first page, whatever page the last one left.
                grid.pager.click()
                model.open_screen(Screen.GREEN)
                model.back_to_start()
                assert grid.page == 0 and grid.buttons[grid.pages[0][0]].isVisible()
            if not large and lang == "zh_CN":
                # The hall's own language in normal type holds twelve services on one screen; large type and
                # English's longer names may need a second page.
                assert len(grid.pages) == 1, f"{count} {lang} {orientation}: {len(grid.pages)} pages"


def test_pages_hold_what_fits_and_each_ends_with_the_pager() -> None:
    assert paginate([100] * 4, columns=2, room=220, pager=100, spacing=20) == [4]  # two rows, one page
    # Six in rows of two, room for two rows: two tiles and the pager, twice.
    assert paginate([100] * 6, columns=2, room=220, pager=100, spacing=20) == [3, 3]
    # A tall name makes its row taller: fewer on that page.
    assert paginate([100, 300, 100, 100], columns=2, room=400, pager=100, spacing=20) == [1, 1, 2]
    # Room for a single tile only: one a page, never none (the screen says "more" and moves on).
    assert paginate([100] * 3, columns=1, room=100, pager=100, spacing=20) == [1, 1, 1]
