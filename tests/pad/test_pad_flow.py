"""End to end against a real server: 办结 → the pad asks → the citizen rates → the server has it."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.api import HallApi
from pad.app import build_pad
from pad.model import Stage
from tests.pad.pad_helpers import PadMaker
from tests.support.live import LiveHall
from tests.support.screenshots import save_screenshot, write_portrait


def tap(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_finish_asks_the_pad_and_a_good_rating_is_recorded(qtbot: QtBot, pad_hall: LiveHall, pads: PadMaker) -> None:
    pad = pads.make(pad_hall.url, pad_hall.tokens["pad1"])
    assert pad.window is not None
    pad_hall.clerk(1)  # logs in at window 1
    qtbot.waitUntil(lambda: pad.model.staff.staff_name == "测试员甲", timeout=15_000)  # the clerk's card
    assert pad.window.idle.staff_no.text() == "工号：1001"
    ticket = pad_hall.serve(1)
    pads.wait_asked(pad, ticket)
    ask = pad.window.ask
    assert pad.window.stack.currentWidget() is ask
    assert ask.ticket.text() == f"{ticket.number} 号　业务A"
    assert [face.text() for face in ask.faces] == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert not any(face.isChecked() or face.isDown() for face in ask.faces)  # nothing preselected
    with qtbot.waitSignal(pad.runtime.controller.ratingDelivered, timeout=15_000):
        tap(qtbot, ask.faces[1])  # 满意
    assert pad.model.stage is Stage.THANKS and pad.window.message.headline.text() == "感谢您的评价！"
    assert pad_hall.ratings(ticket.id) == [(4, "", None, "pad")]


def test_a_bad_rating_with_reasons_opens_a_case_with_its_deadline(
    qtbot: QtBot, pad_hall: LiveHall, pads: PadMaker
) -> None:
    pad = pads.make(pad_hall.url, pad_hall.tokens["pad1"])
    assert pad.window is not None
    ticket = pad_hall.serve(1)
    pads.wait_asked(pad, ticket)
    tap(qtbot, pad.window.ask.faces[4])  # 非常不满意
    reasons = pad.window.reasons
    assert pad.window.stack.currentWidget() is reasons and not reasons.submit.isEnabled()
    tap(qtbot, reasons.reason_buttons["办事效率"])
    tap(qtbot, reasons.phrase_buttons["等候时间太长"])
    assert reasons.submit.isEnabled()
    with qtbot.waitSignal(pad.runtime.controller.ratingDelivered, timeout=15_000):
        tap(qtbot, reasons.submit)
    assert pad_hall.ratings(ticket.id) == [(1, "办事效率", "等候时间太长", "pad")]
    with pad_hall.supervisor() as supervisor:
        cases = supervisor.request("GET", "/cases", params={"status": "open"}).json()
    case = next(c for c in cases if c["number"] == ticket.number)
    assert (case["level"], case["reasons"], case["comment"], case["owner"]) == (1, ["办事效率"], "等候时间太长", "1002")
    opened, deadline = datetime.fromisoformat(case["opened_at"]), datetime.fromisoformat(case["deadline"])
    assert deadline - opened == timedelta(hours=1)  # the test hall's case_deadline_hours


def test_another_windows_pad_and_a_second_rating_are_refused_with_the_servers_sentence(
    qtbot: QtBot, pad_hall: LiveHall, pads: PadMaker
) -> None:
    first = pads.make(pad_hall.url, pad_hall.tokens["pad1"])
    second = pads.make(pad_hall.url, pad_hall.tokens["pad1b"])  # a second device at window 1
    # Window 2's pad, set up by mistake to watch window 1: it sees the request, the server refuses it.
    stray = pads.make(pad_hall.url, pad_hall.tokens["pad2"], window=1)
    ticket = pad_hall.serve(1)
    for pad in (first, second, stray):
        pads.wait_asked(pad, ticket)
    assert stray.window is not None and first.window is not None and second.window is not None
    with qtbot.waitSignal(stray.runtime.controller.ratingRefused, timeout=15_000):
        tap(qtbot, stray.window.ask.faces[0])
    assert stray.window.message.headline.text() == "只能评价在本窗口办理的业务"
    with qtbot.waitSignal(first.runtime.controller.ratingDelivered, timeout=15_000):
        tap(qtbot, first.window.ask.faces[0])
    with qtbot.waitSignal(second.runtime.controller.ratingRefused, timeout=15_000):
        tap(qtbot, second.window.ask.faces[2])
    assert second.model.stage is Stage.REFUSED
    assert second.window.message.headline.text() == f"{ticket.number} 号已经评价过了，感谢您的参与"
    assert pad_hall.ratings(ticket.id) == [(5, "", None, "pad")]
    assert len(second.runtime.controller.outbox) == 0 and len(stray.runtime.controller.outbox) == 0


def test_the_demo_launches_window_ones_pad(qtbot: QtBot, pad_hall: LiveHall, tmp_path: Path) -> None:
    from demo.context import DemoContext
    from demo.front_ends import launch_pad

    tokens = {"pad": pad_hall.tokens["pad1"]}
    ctx = DemoContext(pad_hall.url, tokens, tmp_path, tmp_path / "tickets", tmp_path / "shots", headless=True)
    (window,) = launch_pad(ctx)
    qtbot.addWidget(window)
    assert window.objectName() == "pad-window-1"
    ticket = pad_hall.serve(1)
    qtbot.waitUntil(
        lambda: window.model.request is not None and window.model.request.ticket_id == ticket.id, timeout=15_000
    )
    window.close()  # stops its runtime


def test_the_idle_screen_shows_the_clerks_photo_from_the_server(
    qtbot: QtBot, pad_hall: LiveHall, pads: PadMaker, tmp_path: Path
) -> None:
    """The server serves photos from the hall file's folder; the test hall gives 1003 `staff/1003.png`."""
    from client.settings import DeviceSettings
    from pad.runtime import PadOptions

    write_portrait(pad_hall.config_path.parent / "staff" / "1003.png")
    settings = DeviceSettings(role="pad", server=pad_hall.url, token=pad_hall.tokens["pad2"], window=2)
    runtime, window = build_pad(settings, PadOptions(window=2, data_dir=tmp_path / "pad"))
    qtbot.addWidget(window)
    window.show()
    runtime.start()
    try:
        qtbot.waitUntil(lambda: runtime.connection.state.ready, timeout=15_000)
        assert window.idle.avatar.photo is None  # nobody at window 2 yet
        with HallApi(pad_hall.url) as clerk:
            clerk.login("1003", "3333", 2)  # 测试员丙 has a photo; 1001 (window 1) has none
        qtbot.waitUntil(lambda: window.idle.avatar.photo is not None, timeout=15_000)
        assert runtime.model.staff.photo == "/api/v1/staff/1003/photo"
        assert window.idle.name.text() == "测试员丙"
        save_screenshot(window, tmp_path, "pad-idle-photo", group="pad")
    finally:
        window.close()  # stops the runtime


def test_without_a_photo_the_initial_stays(qtbot: QtBot, pad_hall: LiveHall, pads: PadMaker) -> None:
    pad = pads.make(pad_hall.url, pad_hall.tokens["pad1"])
    assert pad.window is not None
    pad_hall.clerk(1)  # 1001: no photo in the hall file
    qtbot.waitUntil(lambda: pad.model.staff.staff_name == "测试员甲", timeout=15_000)
    assert pad.model.staff.photo is None and pad.window.idle.avatar.photo is None
    assert pad.window.idle.avatar.initial == "测"
