"""A citizen at the kiosk, against a real server process and the network printer simulator."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from client.api import HallApi
from drivers.printer.parser import parse
from drivers.printer.simulator import PrinterSimulator
from jiaohao.domain.wording import wait_text
from jiaohao.wire.models import AppointmentIn, TicketOut
from kiosk.model import KioskTimings, PrintState, Screen
from tests.kiosk.kiosk_helpers import WAIT_MS, MakeKiosk, StepClock, click
from tests.support.live import LiveHall


def printer_uri(sim: PrinterSimulator) -> str:
    return f"tcp://127.0.0.1:{sim.port}"


def printed_text(job: bytes) -> str:
    return "\n".join(line.text for line in parse(job).lines)


def test_a_citizen_picks_a_service_and_the_printed_ticket_reads_back_the_issued_number(
    qtbot: QtBot, shared_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(shared_hall, printer_uri(printer_sim))
    button = kiosk.window.start.grid.buttons["SVC_A"]
    assert "业务A" in button.name.text() and button.prefix.text() == "A"
    with shared_hall.api() as other_kiosk:  # two citizens came first, at the other kiosk
        other_kiosk.issue_ticket("SVC_A")
        other_kiosk.issue_ticket("SVC_A")
        waiting = next(s.waiting for s in other_kiosk.hall().services if s.code == "SVC_A")

    with qtbot.waitSignal(kiosk.controller.ticketIssued, timeout=WAIT_MS) as issued:
        click(qtbot, button)
    ticket: TicketOut = issued.args[0]
    assert ticket.waiting_ahead == waiting >= 2
    qtbot.waitUntil(lambda: len(printer_sim.jobs) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: kiosk.model.current is not None and kiosk.model.current.print_state is PrintState.PRINTED)

    job = parse(printer_sim.jobs[0])
    assert ticket.number in [line.text for line in job.lines]
    assert job.qr_codes[0].content == ticket.track_url
    assert "业务A" in printed_text(printer_sim.jobs[0])
    assert kiosk.model.screen is Screen.RESULT
    assert kiosk.window.result.number.text() == ticket.number
    wait = wait_text(ticket.est_wait_min, ticket.est_wait_range)
    assert kiosk.window.result.ahead.text() == f"前面还有 {waiting} 人，预计等候{wait}"
    assert ticket.est_wait_min > 0
    # The paper tells the wait too, in the same words (a plain space where the screen keeps "约 2–6 分钟" whole).
    assert f"预计等候{wait}".replace("\u00a0", " ") in printed_text(printer_sim.jobs[0]).splitlines()
    assert "1号窗口" in kiosk.window.result.where.text()  # where to wait and to go


def test_waiting_counts_on_the_buttons_follow_the_event_stream(
    qtbot: QtBot, shared_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(shared_hall, printer_uri(printer_sim))
    before = next(t.waiting for t in kiosk.model.tiles() if t.code == "SVC_A")
    with shared_hall.api() as api:  # another kiosk in the hall issues a ticket
        api.issue_ticket("SVC_A")
    line = kiosk.window.start.grid.buttons["SVC_A"].line
    qtbot.waitUntil(lambda: f"等候 {before + 1} 人" in line.text(), timeout=WAIT_MS)


def test_green_channel_gives_a_priority_ticket_and_a_service_without_it_says_so(
    qtbot: QtBot, shared_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk, step_clock: StepClock
) -> None:
    kiosk = make_kiosk(shared_hall, printer_uri(printer_sim))
    click(qtbot, kiosk.window.start.green)
    assert kiosk.model.screen is Screen.GREEN

    click(qtbot, kiosk.window.green.grid.buttons["SVC_C"])  # SVC_C has no green channel in this hall
    qtbot.waitUntil(lambda: kiosk.model.message is not None, timeout=WAIT_MS)
    assert kiosk.window.green.message.isVisible() and "绿色通道" in kiosk.window.green.message.text()
    assert printer_sim.jobs == []

    step_clock.advance(5)  # a new touch after reading the message, not the second tap of a double tap
    with qtbot.waitSignal(kiosk.controller.ticketIssued, timeout=WAIT_MS) as issued:
        click(qtbot, kiosk.window.green.grid.buttons["SVC_A"])
    assert issued.args[0].channel == "green"
    qtbot.waitUntil(lambda: len(printer_sim.jobs) == 1, timeout=WAIT_MS)
    assert "绿色通道" in printed_text(printer_sim.jobs[0])
    assert kiosk.window.result.mark.isVisible() and kiosk.window.result.mark.text() == "绿色通道"


def _appointments(hall: LiveHall) -> tuple[str, str]:
    """One appointment whose slot holds the hall's local time now, and one for tomorrow (refused today, and
    kept for tomorrow). The slot is by local date and clock, not by business day: between midnight and the
    03:00 reset the business day is still yesterday's."""
    with hall.api(None) as api:
        local = api.hall().now.astimezone(ZoneInfo("Asia/Shanghai"))
        login = api.login("1002", "2222", None)
        staff = HallApi(hall.url, login.token)
        start = f"{max(0, local.hour - 1):02d}:00"
        with staff:
            for code, when, slot in (
                ("YY01AB", local.date(), f"{start}-23:59"),
                ("YY02CD", local.date() + timedelta(days=1), "00:00-23:59"),
            ):
                booking = dict(service="SVC_A", date=when, slot=slot, name="张三", phone="13800000000")
                staff.create_appointment(AppointmentIn(code=code, **booking))
    return "YY01AB", "YY02CD"


def type_code(qtbot: QtBot, kiosk: object, code: str) -> None:
    keyboard = kiosk.window.code.keyboard  # type: ignore[attr-defined]
    for key in code:
        click(qtbot, keyboard.keys[key])


def test_appointment_check_in_on_the_keyboard_and_a_refused_code(
    qtbot: QtBot, shared_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk, step_clock: StepClock
) -> None:
    valid, tomorrow = _appointments(shared_hall)
    kiosk = make_kiosk(shared_hall, printer_uri(printer_sim))
    click(qtbot, kiosk.window.start.appointment)
    assert kiosk.model.screen is Screen.APPOINTMENT
    code_screen = kiosk.window.code
    assert not code_screen.confirm.isEnabled()  # nothing typed yet
    type_code(qtbot, kiosk, "YY01AX")
    click(qtbot, code_screen.keyboard.keys["⌫"])
    type_code(qtbot, kiosk, "B")
    assert code_screen.display.text() == valid
    with qtbot.waitSignal(kiosk.controller.ticketIssued, timeout=WAIT_MS) as issued:
        click(qtbot, code_screen.confirm)
    assert issued.args[0].channel == "appointment" and issued.args[0].notice is None
    qtbot.waitUntil(lambda: len(printer_sim.jobs) == 1, timeout=WAIT_MS)
    assert "预约" in printed_text(printer_sim.jobs[0])

    step_clock.advance(5)
    click(qtbot, kiosk.window.result.done)
    click(qtbot, kiosk.window.start.appointment)
    assert code_screen.display.text().strip() == ""  # the last citizen's code is gone
    type_code(qtbot, kiosk, tomorrow)
    click(qtbot, code_screen.confirm)  # tomorrow's booking: refused and kept, never a silent normal ticket
    qtbot.waitUntil(lambda: code_screen.message.isVisible(), timeout=WAIT_MS)
    assert "该预约不是今天的" in code_screen.message.text() and kiosk.model.screen is Screen.APPOINTMENT
    assert len(printer_sim.jobs) == 1

    step_clock.advance(5)
    for _ in code_screen.display.text().strip():
        click(qtbot, code_screen.keyboard.keys["⌫"])
    type_code(qtbot, kiosk, "NOSUCH")
    click(qtbot, code_screen.confirm)
    qtbot.waitUntil(lambda: code_screen.message.isVisible(), timeout=WAIT_MS)
    assert "未找到该预约码" in code_screen.message.text() and kiosk.model.screen is Screen.APPOINTMENT


def test_one_ticket_per_person_asks_for_a_phone_number(
    qtbot: QtBot, shared_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk, step_clock: StepClock
) -> None:
    kiosk = make_kiosk(shared_hall, printer_uri(printer_sim))
    click(qtbot, kiosk.window.start.grid.buttons["SVC_B"])
    qtbot.waitUntil(lambda: kiosk.model.screen is Screen.HOLDER, timeout=WAIT_MS)
    assert "A" not in kiosk.window.code.keyboard.keys or not kiosk.window.code.keyboard.keys["A"].isVisible()
    type_code(qtbot, kiosk, "13912345678")
    with qtbot.waitSignal(kiosk.controller.ticketIssued, timeout=WAIT_MS) as issued:
        click(qtbot, kiosk.window.code.confirm)
    assert issued.args[0].number.startswith("B")


def test_double_tap_gives_one_ticket(
    qtbot: QtBot, shared_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk, step_clock: StepClock
) -> None:
    kiosk = make_kiosk(shared_hall, printer_uri(printer_sim))
    issued: list[TicketOut] = []
    kiosk.controller.ticketIssued.connect(issued.append)
    button = kiosk.window.start.grid.buttons["SVC_A"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the same finger, before the server answered
    kiosk.controller.choose_service("SVC_A")  # and straight to the controller: the model refuses too
    qtbot.waitUntil(lambda: len(issued) == 1, timeout=WAIT_MS)
    # The second tap of a double tap landing on 完成 as the result appears does not hide the number.
    assert not kiosk.model.back_to_start() and kiosk.model.screen is Screen.RESULT
    kiosk.controller.choose_service("SVC_A")  # nor does a tap that reaches a service right after
    qtbot.waitUntil(lambda: len(printer_sim.jobs) == 1, timeout=WAIT_MS)

    # A deliberate next ticket, later: its number follows the first directly. Calls reach the server in
    # order (one API worker), so a stray second ticket from the double tap would have taken that number.
    step_clock.advance(5)
    assert kiosk.model.back_to_start()
    kiosk.controller.choose_service("SVC_A")
    qtbot.waitUntil(lambda: len(issued) == 2, timeout=WAIT_MS)
    first, second = (int(t.number[1:]) for t in issued)
    assert second == first + 1
    qtbot.waitUntil(lambda: len(printer_sim.jobs) == 2, timeout=WAIT_MS)


def test_idle_timeout_returns_to_the_start_and_resets_large_type_and_language(
    qtbot: QtBot, shared_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk, step_clock: StepClock
) -> None:
    kiosk = make_kiosk(shared_hall, printer_uri(printer_sim), timings=KioskTimings(idle=30))
    click(qtbot, kiosk.window.large_button)
    click(qtbot, kiosk.window.lang_button)
    click(qtbot, kiosk.window.start.appointment)
    assert kiosk.model.large and kiosk.model.lang == "en" and kiosk.model.screen is Screen.APPOINTMENT
    assert kiosk.window.code.title.text() == "Appointment check-in"

    step_clock.advance(29)
    assert not kiosk.model.tick()  # still within the timeout
    assert kiosk.model.screen is Screen.APPOINTMENT
    step_clock.advance(2)
    qtbot.waitUntil(lambda: kiosk.model.screen is Screen.START, timeout=WAIT_MS)
    assert not kiosk.model.large and kiosk.model.lang == "zh_CN"
    assert kiosk.window.start.title.text() == "请选择要办理的业务"


def has_cjk(text: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


def test_a_citizen_who_chose_english_gets_an_english_ticket_and_a_chinese_one_a_chinese_ticket(
    qtbot: QtBot, shared_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk, step_clock: StepClock
) -> None:
    kiosk = make_kiosk(shared_hall, printer_uri(printer_sim))
    click(qtbot, kiosk.window.lang_button)
    button = kiosk.window.start.grid.buttons["SVC_A"]
    assert button.name.text() == "Service A"  # the hall file's English name, on the screen too
    with qtbot.waitSignal(kiosk.controller.ticketIssued, timeout=WAIT_MS):
        click(qtbot, button)
    qtbot.waitUntil(lambda: len(printer_sim.jobs) == 1, timeout=WAIT_MS)
    english = printed_text(printer_sim.jobs[0])
    assert not has_cjk(english), english
    for words in ("Test Hall", "Service A", "Please bring", "ID card, original", "Application form",
                  "If you miss your call, please take a new ticket", "Please listen for your number", "Issued "):
        assert words in english, (words, english)

    step_clock.advance(30)
    click(qtbot, kiosk.window.result.done)
    click(qtbot, kiosk.window.lang_button)  # back to 中文 for the next citizen
    with qtbot.waitSignal(kiosk.controller.ticketIssued, timeout=WAIT_MS):
        click(qtbot, kiosk.window.start.grid.buttons["SVC_A"])
    qtbot.waitUntil(lambda: len(printer_sim.jobs) == 2, timeout=WAIT_MS)
    chinese = printed_text(printer_sim.jobs[1])
    for words in ("测试大厅", "业务A", "一次性告知", "身份证原件", "过号请重新取号", "取号时间"):
        assert words in chinese, (words, chinese)
    assert "Service A" not in chinese and "Please" not in chinese
