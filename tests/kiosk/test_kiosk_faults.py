"""When things go wrong: the printer out of paper (before and during a job), paper running low, the server
going away and coming back. The citizen always leaves with a number, and the staff always hear of it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pytestqt.qtbot import QtBot

from drivers.printer.simulator import PrinterSimulator
from drivers.printer.status import PrinterState
from jiaohao.wire.models import TicketOut
from kiosk.app import Kiosk
from kiosk.model import PrintState, Screen
from tests.kiosk.kiosk_helpers import WAIT_MS, MakeKiosk, StepClock, click
from tests.support.live import LiveHall


def printer_uri(sim: PrinterSimulator) -> str:
    return f"tcp://127.0.0.1:{sim.port}"


def kiosk_device(hall: LiveHall) -> dict[str, Any]:
    """The kiosk as the supervisor's dashboard sees it."""
    with hall.api(None) as api:
        token = api.login("1002", "2222", None).token
        devices = api.request("GET", "/devices", token=token).json()
    return next(d for d in devices if d["name"] == "kiosk")


def issue(qtbot: QtBot, kiosk: Kiosk, service: str = "SVC_A") -> TicketOut:
    with qtbot.waitSignal(kiosk.controller.ticketIssued, timeout=WAIT_MS) as issued:
        click(qtbot, kiosk.window.start.grid.buttons[service])
    ticket: TicketOut = issued.args[0]
    return ticket


def assert_shown_on_screen(kiosk: Kiosk, ticket: TicketOut) -> None:
    result = kiosk.window.result
    assert kiosk.model.screen is Screen.RESULT
    assert result.number.text() == ticket.number
    assert result.qr_box.isVisible() and not result.qr.pixmap().isNull()
    assert result.status.property("role") == "error"


def test_paper_out_before_the_job_shows_the_number_with_its_qr_and_reports_it(
    qtbot: QtBot, shared_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk, step_clock: StepClock
) -> None:
    printer_sim.set_fault("paper-out")
    kiosk = make_kiosk(shared_hall, printer_uri(printer_sim))
    assert kiosk.model.printer_state is PrinterState.PAPER_OUT
    assert kiosk.window.banner.isVisible() and "缺纸" in kiosk.window.banner.text()
    qtbot.waitUntil(lambda: kiosk_device(shared_hall)["status"] == "paper_out", timeout=WAIT_MS)

    ticket = issue(qtbot, kiosk)
    assert_shown_on_screen(kiosk, ticket)
    assert printer_sim.job_bytes == 0  # not one byte sent to a printer without paper
    # The dashboard lists the number that left without paper, so staff can help that citizen.
    qtbot.waitUntil(lambda: ticket.number in (kiosk_device(shared_hall)["detail"] or ""), timeout=WAIT_MS)

    printer_sim.set_fault("none")  # staff changed the roll: noticed by the next poll, printing resumes
    kiosk.controller.printer.check_status()
    qtbot.waitUntil(lambda: kiosk.model.printer_state is PrinterState.OK, timeout=WAIT_MS)
    assert kiosk.window.banner.text() == ""  # nothing left to warn the next citizen about
    step_clock.advance(kiosk.model.timings.double_tap + 0.1)
    click(qtbot, kiosk.window.result.done)  # the citizen goes back to the start screen
    assert kiosk.model.screen is Screen.START and not kiosk.window.banner.isVisible()
    qtbot.waitUntil(lambda: kiosk_device(shared_hall)["status"] == "ok", timeout=WAIT_MS)


def test_paper_running_out_during_the_job_turns_the_result_into_the_on_screen_ticket(
    qtbot: QtBot, shared_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(shared_hall, printer_uri(printer_sim))
    printer_sim.set_fault("paper-out", after_job_bytes=100)
    ticket = issue(qtbot, kiosk)
    qtbot.waitUntil(
        lambda: kiosk.model.current is not None and kiosk.model.current.print_state is PrintState.NOT_PRINTED,
        timeout=WAIT_MS,
    )
    assert printer_sim.job_bytes > 0  # it had started
    assert_shown_on_screen(kiosk, ticket)
    assert kiosk.model.printer_state is PrinterState.PAPER_OUT
    assert ticket.number in kiosk.model.unprinted
    qtbot.waitUntil(lambda: kiosk_device(shared_hall)["status"] == "paper_out", timeout=WAIT_MS)


def test_paper_near_end_still_prints_and_is_reported_to_the_server(
    qtbot: QtBot, shared_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk
) -> None:
    printer_sim.set_fault("near-end")
    kiosk = make_kiosk(shared_hall, printer_uri(printer_sim))
    qtbot.waitUntil(lambda: kiosk_device(shared_hall)["status"] == "paper_near_end", timeout=WAIT_MS)
    assert not kiosk.window.banner.isVisible()  # the citizen is not worried with it: staff are told
    issue(qtbot, kiosk)
    qtbot.waitUntil(lambda: len(printer_sim.jobs) == 1, timeout=WAIT_MS)


def test_the_heartbeat_repeats_the_status_every_minute(
    qtbot: QtBot, shared_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk, step_clock: StepClock
) -> None:
    kiosk = make_kiosk(shared_hall, printer_uri(printer_sim))
    reporter = kiosk.controller.reporter
    qtbot.waitUntil(lambda: reporter.sent is not None and not reporter.in_flight, timeout=WAIT_MS)
    reports: list[str] = []
    kiosk.controller.statusReported.connect(reports.append)
    seen = datetime.fromisoformat(kiosk_device(shared_hall)["last_seen_at"])
    step_clock.advance(59)
    kiosk.controller.tick()
    assert not reporter.in_flight and reports == [], "nothing changed within the minute: nothing to send"
    step_clock.advance(2)
    with qtbot.waitSignal(kiosk.controller.statusReported, timeout=WAIT_MS):
        kiosk.controller.tick()
    assert reports == ["ok"]
    heard = datetime.fromisoformat(kiosk_device(shared_hall)["last_seen_at"])
    assert heard > seen, "the dashboard heard from the kiosk again"


def test_no_printer_at_all_still_issues_numbers_on_screen(
    qtbot: QtBot, shared_hall: LiveHall, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(shared_hall, None)
    assert kiosk.window.banner.isVisible()
    ticket = issue(qtbot, kiosk)
    assert_shown_on_screen(kiosk, ticket)


def test_server_going_away_pauses_the_kiosk_and_it_comes_back_by_itself(
    qtbot: QtBot, own_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(own_hall, printer_uri(printer_sim))
    start = kiosk.window.start
    own_hall.server.stop()
    qtbot.waitUntil(lambda: not kiosk.model.online, timeout=WAIT_MS)
    assert start.pause_panel.isVisible() and start.paused.text() == "暂停取号"
    assert "连接" in start.paused_reason.text()  # why: the connection to the server is lost
    assert not start.grid.isVisible()

    own_hall.restart()
    qtbot.waitUntil(lambda: kiosk.model.accepting, timeout=WAIT_MS)
    assert start.grid.isVisible() and not start.pause_panel.isVisible()
    ticket = issue(qtbot, kiosk)
    assert ticket.number == "A001"
    qtbot.waitUntil(lambda: len(printer_sim.jobs) == 1, timeout=WAIT_MS)
