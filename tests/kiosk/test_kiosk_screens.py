"""Every screen in zh and en, portrait and landscape, normal and large type: saved as PNG (tmp_path and
out/screenshots/kiosk/) to be looked at, and checked for what a citizen would stumble on: touch targets
under 120 px, text cut off, untranslated words in the English screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from client.connection import MSG_LOST
from drivers.printer.simulator import PrinterSimulator
from drivers.printer.status import PrinterState
from jiaohao.wire.models import TicketOut
from kiosk.app import Kiosk
from kiosk.model import IssueRequest, Notice, Screen
from kiosk.views.widgets import LETTER_KEYS, BigButton
from tests.kiosk.kiosk_helpers import (
    MIN_TARGET_PX,
    SIZES,
    WAIT_MS,
    MakeKiosk,
    StepClock,
    assert_no_word_broken,
    check_screen,
    click,
)
from tests.support.live import LiveHall
from tests.support.screenshots import save_screenshot


def shoot(kiosk: Kiosk, folder: Path, name: str) -> None:
    kiosk.window.refresh()
    save_screenshot(kiosk.window, folder, name, group="17/kiosk")
    check_screen(kiosk, name, SIZES[name.split("-")[-2 if name.endswith("-large") else -1]])


@pytest.fixture(scope="module")
def tickets(shared_hall: LiveHall) -> tuple[TicketOut, TicketOut]:
    """A normal ticket with people ahead, and one whose appointment fell back to a normal ticket (notice);
    SVC_C issued up to its cap, so its button shows as closed."""
    with shared_hall.api() as api:
        for _ in range(5):
            api.issue_ticket("SVC_C")
        for _ in range(3):
            api.issue_ticket("SVC_A")
        plain = api.issue_ticket("SVC_A")
    fallback = plain.model_copy(
        update={"notice": "您的预约时段为 2026-03-03 09:00-09:30，请于 08:45 后签到取号；已为您取普通号"}
    )
    return plain, fallback


@pytest.mark.parametrize("orientation", list(SIZES))
def test_every_screen(
    qtbot: QtBot,
    tmp_path: Path,
    shared_hall: LiveHall,
    printer_sim: PrinterSimulator,
    make_kiosk: MakeKiosk,
    step_clock: StepClock,
    tickets: tuple[TicketOut, TicketOut],
    orientation: str,
) -> None:
    plain, fallback = tickets
    kiosk = make_kiosk(shared_hall, f"tcp://127.0.0.1:{printer_sim.port}", size=SIZES[orientation])
    model = kiosk.model
    qtbot.waitUntil(lambda: any(not tile.open for tile in model.tiles()), timeout=WAIT_MS)
    for lang in ("zh_CN", "en"):
        for large in (False, True):
            step_clock.advance(10)
            model.back_to_start()
            model.set_printer_state(PrinterState.OK)
            model.set_lang(lang)
            model.set_large(large)
            tag = f"{lang}-{orientation}{'-large' if large else ''}"

            shoot(kiosk, tmp_path, f"start-{tag}")
            model.open_screen(Screen.GREEN)
            model.message = Notice("no_green_channel", "业务C未开设绿色通道，请取普通号")
            shoot(kiosk, tmp_path, f"green-{tag}")
            model.open_screen(Screen.APPOINTMENT)
            for key in "YY02":
                kiosk.window.code.keyboard.press(key)
            model.message = Notice("appointment_not_found", "未找到该预约码，请核对后重新输入")
            shoot(kiosk, tmp_path, f"appointment-{tag}")
            model.need_holder(IssueRequest("SVC_B"), Notice("holder_required", "业务B每人限取一号"))
            shoot(kiosk, tmp_path, f"holder-{tag}")

            model.issue_succeeded(plain)
            model.print_finished(plain.id, PrinterState.OK)
            shoot(kiosk, tmp_path, f"result-printed-{tag}")

            step_clock.advance(10)
            model.back_to_start()
            model.set_printer_state(PrinterState.PAPER_OUT)
            shoot(kiosk, tmp_path, f"start-paper-out-{tag}")
            model.issue_succeeded(fallback)
            shoot(kiosk, tmp_path, f"result-on-screen-{tag}")

            step_clock.advance(10)
            model.back_to_start()
            model.set_online(False, MSG_LOST)
            shoot(kiosk, tmp_path, f"paused-{tag}")
            model.set_online(True)


# --- 大字模式: measured from the widgets ----------------------------------------------------------------------

LARGE_RATIO = 1.5
# Grows by what fits instead (kiosk/views/style.py says why): the ticket number. The keys' and the pager's
# letters are measured as touch targets below.
EXEMPT_ROLES = {"number", "key", "pager"}


def visible_labels(kiosk: Kiosk) -> dict[int, tuple[str, int]]:
    """id → (text, font pixel size) of every label a citizen can read on the screen now."""
    out = {}
    for widget in kiosk.window.findChildren(QLabel):
        if widget.isVisible() and widget.text().strip() and not (widget.pixmap() and not widget.pixmap().isNull()):
            if widget.property("role") in EXEMPT_ROLES or widget.parentWidget().property("role") in EXEMPT_ROLES:
                continue
            out[id(widget)] = (widget.text(), widget.font().pixelSize())
    return out


@pytest.mark.parametrize("orientation", list(SIZES))
def test_large_type_is_half_as_large_again_and_breaks_no_word(
    qtbot: QtBot,
    tmp_path: Path,
    shared_hall: LiveHall,
    printer_sim: PrinterSimulator,
    make_kiosk: MakeKiosk,
    step_clock: StepClock,
    tickets: tuple[TicketOut, TicketOut],
    orientation: str,
) -> None:
    plain, _ = tickets
    kiosk = make_kiosk(shared_hall, f"tcp://127.0.0.1:{printer_sim.port}", size=SIZES[orientation])
    model = kiosk.model
    qtbot.waitUntil(lambda: model.accepting, timeout=WAIT_MS)

    def screens() -> list[tuple[str, Callable[[], None]]]:
        return [
            ("start", lambda: None),
            ("green", lambda: model.open_screen(Screen.GREEN)),
            ("appointment", lambda: model.open_screen(Screen.APPOINTMENT)),
            ("id", lambda: model.need_holder(IssueRequest("SVC_B"), Notice("holder_required", "业务B每人限取一号"))),
            ("result", lambda: (model.issue_succeeded(plain), model.print_finished(plain.id, PrinterState.OK))),
        ]

    def targets() -> dict[str, int]:
        """Keyboard key or service tile → its size as a touch target: a key's smaller side; a tile's height
        (in normal type the height its words need, what it has when the screen is full of services: a few
        services stretch further in both modes)."""
        window = kiosk.window
        found = {f"key {k}": min(b.width(), b.height()) for k, b in window.code.keyboard.keys.items() if b.isVisible()}
        pager = window.code.keyboard.pager
        if pager.isVisible():
            found["key pager"] = min(pager.width(), pager.height())
        for grid in (window.start.grid, window.green.grid):
            for code, tile in grid.buttons.items():
                if tile.isVisible():
                    found[f"tile {code}"] = tile.height() if model.large else tile.heightForWidth(tile.width())
        return found

    for lang in ("zh_CN", "en"):
        sizes: dict[bool, dict[str, dict[int, tuple[str, int]]]] = {}
        buttons: dict[bool, dict[str, list[tuple[str, int]]]] = {}
        touch: dict[bool, dict[str, dict[str, int]]] = {}
        for large in (False, True):
            sizes[large], buttons[large], touch[large] = {}, {}, {}
            for screen, go in screens():
                step_clock.advance(10)
                model.back_to_start()
                model.set_printer_state(PrinterState.OK)
                model.set_lang(lang)
                model.set_large(large)
                go()
                kiosk.window.refresh()
                name = f"{screen}-{lang}-{orientation}{'-large' if large else ''}"
                sizes[large][screen] = visible_labels(kiosk)
                buttons[large][screen] = [
                    (b.text(), b.height()) for b in kiosk.window.findChildren(BigButton) if b.isVisible()
                ]
                touch[large][screen] = targets()
                assert_no_word_broken(kiosk, name)
                check_screen(kiosk, name, SIZES[orientation])
        for screen in sizes[False]:
            for key, (text, normal) in sizes[False][screen].items():
                if key in sizes[True][screen]:
                    large_px = sizes[True][screen][key][1]
                    assert large_px >= LARGE_RATIO * normal, f"{screen} {lang}: {text!r} {normal} → {large_px} px"
            # A letter on another page of the large keyboard is measured on the page it is on (test below).
            both = touch[False][screen].keys() & touch[True][screen].keys()
            for target in both:
                normal, large_px = touch[False][screen][target], touch[True][screen][target]
                assert large_px >= LARGE_RATIO * normal, f"{screen} {lang}: {target} {normal} → {large_px} px"
            expected = {"start": 3, "green": 3, "appointment": 12 + 9, "id": 13}.get(screen, 0)
            assert len(both) >= expected, f"{screen} {lang}: measured only {sorted(both)}"
            if orientation == "portrait":
                for text, height in buttons[True][screen]:
                    assert height >= LARGE_RATIO * MIN_TARGET_PX, f"{screen} {lang}: {text!r} is {height} px high"


@pytest.mark.parametrize("orientation", list(SIZES))
def test_large_keyboard_offers_every_letter_a_page_at_a_time(
    qtbot: QtBot,
    tmp_path: Path,
    shared_hall: LiveHall,
    printer_sim: PrinterSimulator,
    make_kiosk: MakeKiosk,
    orientation: str,
) -> None:
    kiosk = make_kiosk(shared_hall, f"tcp://127.0.0.1:{printer_sim.port}", size=SIZES[orientation])
    model = kiosk.model
    keyboard = kiosk.window.code.keyboard
    model.open_screen(Screen.APPOINTMENT)
    kiosk.window.refresh()
    normal = {k: min(b.width(), b.height()) for k, b in keyboard.keys.items() if b.isVisible()}
    assert set(LETTER_KEYS) <= normal.keys(), "normal type shows every letter at once"
    model.set_large(True)
    kiosk.window.refresh()
    name = f"appointment-pages-{orientation}-large"
    save_screenshot(kiosk.window, tmp_path, name, group="17/kiosk")
    check_screen(kiosk, name, SIZES[orientation])
    seen = set()
    for _ in keyboard.pages:
        shown = {k for k, b in keyboard.keys.items() if b.isVisible() and k in LETTER_KEYS}
        for letter in shown:
            key = keyboard.keys[letter]
            assert min(key.width(), key.height()) >= 1.5 * normal[letter], f"{letter}: {key.width()}×{key.height()}"
        seen |= shown
        assert keyboard.pager.isVisible() and min(keyboard.pager.width(), keyboard.pager.height()) >= 180
        click(qtbot, keyboard.pager)
    assert seen == set(LETTER_KEYS)
    # A code from the SMS, typed by touch: the pager names the letters it brings.
    for char in "ZY0A":
        for _ in keyboard.pages:
            if keyboard.keys[char].isVisible():
                break
            click(qtbot, keyboard.pager)
        click(qtbot, keyboard.keys[char])
    assert keyboard.text == "ZY0A"
    assert kiosk.window.code.display.text() == "ZY0A"
