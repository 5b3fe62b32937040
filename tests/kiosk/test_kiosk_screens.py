"""Every screen in zh and en, portrait and landscape, normal and large type: saved as PNG (tmp_path and
out/screenshots/kiosk/) to be looked at, and checked for what a citizen would stumble on: touch targets
under 120 px, text cut off, untranslated words in the English screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from client.connection import MSG_LOST
from drivers.printer.simulator import PrinterSimulator
from drivers.printer.status import PrinterState
from jiaohao.domain.linebreak import WORD_JOINER, keep_together, segments
from jiaohao.wire.models import TicketOut
from kiosk.app import Kiosk
from kiosk.model import IssueRequest, Notice, Screen
from kiosk.views.widgets import BigButton, PhraseLabel
from tests.kiosk.kiosk_helpers import WAIT_MS, MakeKiosk, StepClock
from tests.support.live import LiveHall
from tests.support.screenshots import save_screenshot

MIN_TARGET_PX = 120
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def check_screen(kiosk: Kiosk, name: str, size: tuple[int, int]) -> None:
    window = kiosk.window
    assert (window.width(), window.height()) == size, f"{name}: the window is not the panel's size"
    page = window.stack.currentWidget()
    hint = page.minimumSizeHint()
    room = window.stack.size()
    assert hint.width() <= room.width() and hint.height() <= room.height(), f"{name}: page needs {hint}, has {room}"
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        corner = widget.mapTo(window, widget.rect().bottomRight())
        assert window.rect().contains(corner), f"{name}: {widget!r} runs off the screen at {corner}"
    for button in window.findChildren(QAbstractButton):
        if button.isVisible():
            assert button.height() >= MIN_TARGET_PX, f"{name}: {button.text()!r} is {button.height()} px high"
            assert button.width() >= MIN_TARGET_PX, f"{name}: {button.text()!r} is {button.width()} px wide"
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text() or (label.pixmap() and not label.pixmap().isNull()):
            continue
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            assert needed <= label.height() + 2, f"{name}: {label.text()!r} needs {needed} px, has {label.height()}"
        else:
            needed = label.sizeHint().width()
            assert needed <= label.width() + 2, f"{name}: {label.text()!r} needs {needed} px wide, has {label.width()}"
    assert not window.texts.missing, f"{name}: untranslated {sorted(window.texts.missing)}"


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
# Grow by what fits instead (kiosk/views/style.py says why): the ticket number, the keyboard's keys, the
# service tiles' own height.
EXEMPT_ROLES = {"number", "key"}


def visible_labels(kiosk: Kiosk) -> dict[int, tuple[str, int]]:
    """id → (text, font pixel size) of every label a citizen can read on the screen now."""
    out = {}
    for widget in kiosk.window.findChildren(QLabel):
        if widget.isVisible() and widget.text().strip() and not (widget.pixmap() and not widget.pixmap().isNull()):
            if widget.property("role") in EXEMPT_ROLES or widget.parentWidget().property("role") == "key":
                continue
            out[id(widget)] = (widget.text(), widget.font().pixelSize())
    return out


def laid_out_lines(widget: QLabel) -> list[str]:
    """The lines Qt breaks a word-wrapped label into, at its font and width."""
    text = widget.text() if not isinstance(widget, PhraseLabel) else keep_together(widget.text())
    layout = QTextLayout(text, widget.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    width = widget.contentsRect().width()
    lines = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines.append(text[line.textStart() : line.textStart() + line.textLength()].replace(WORD_JOINER, ""))
    layout.endLayout()
    return lines


def assert_no_word_broken(kiosk: Kiosk, name: str) -> None:
    for widget in kiosk.window.findChildren(QLabel):
        if not widget.isVisible() or not widget.wordWrap() or not widget.text().strip():
            continue
        lines = laid_out_lines(widget)
        position = 0
        for line in lines[:-1]:
            position += len(line)
            text = widget.text()
            # Breaks at a space or a newline are between words; any other must fall between segments.
            if text[position - 1 : position].isspace() or text[position : position + 1].isspace():
                continue
            starts = {0}
            for piece in segments(text):
                starts.add(max(starts) + len(piece))
            assert position in starts, f"{name}: {text!r} broken inside a word: {lines}"


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
            ("result", lambda: (model.issue_succeeded(plain), model.print_finished(plain.id, PrinterState.OK))),
        ]

    for lang in ("zh_CN", "en"):
        sizes: dict[bool, dict[str, dict[int, tuple[str, int]]]] = {}
        buttons: dict[bool, dict[str, list[tuple[str, int]]]] = {}
        for large in (False, True):
            sizes[large], buttons[large] = {}, {}
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
                assert_no_word_broken(kiosk, name)
        for screen in sizes[False]:
            for key, (text, normal) in sizes[False][screen].items():
                if key in sizes[True][screen]:
                    large_px = sizes[True][screen][key][1]
                    assert large_px >= LARGE_RATIO * normal, f"{screen} {lang}: {text!r} {normal} → {large_px} px"
            if orientation == "portrait":
                for text, height in buttons[True][screen]:
                    assert height >= LARGE_RATIO * MIN_TARGET_PX, f"{screen} {lang}: {text!r} is {height} px high"
