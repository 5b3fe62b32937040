"""短信提醒我 and check-in without the code, at the kiosk: a real server process on a test clock, the webhook
simulator as the SMS provider, the network printer simulator, the kiosk offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from drivers.printer.simulator import PrinterSimulator
from jiaohao.wire.models import TicketOut
from kiosk.app import Kiosk
from kiosk.model import Screen
from server.notify.simulator import NotifySimulator
from tests.kiosk.kiosk_helpers import KIOSK_DEVICES, WAIT_MS, MakeKiosk, StepClock, click
from tests.kiosk.test_kiosk_screens import SIZES, check_screen
from tests.support.booking import SMS_SECRET, WEBHOOK_SECRET, reminder_env, write_booking_hall
from tests.support.hall import MORNING, provision, sqlite_database
from tests.support.live import LiveHall
from tests.support.screenshots import save_screenshot
from tests.support.server_process import ServerProcess

API = "/api/v1"
PHONE = "13912345678"
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def simulator() -> Iterator[NotifySimulator]:
    sim = NotifySimulator(sms_secret=SMS_SECRET, webhook_secret=WEBHOOK_SECRET).start()
    yield sim
    sim.close()


@pytest.fixture
def reminder_hall(tmp_path: Path, simulator: NotifySimulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveHall]:
    """Monday 2 March 2026, 10:00 in the hall, reminders by webhook to the simulator; the clock moves only when
    the test moves it, and only then are messages delivered."""
    for name, value in reminder_env("webhook").items():
        monkeypatch.setenv(name, value)
    hall_file = write_booking_hall(tmp_path, reminders="webhook", notify_url=simulator.url)
    db_url = sqlite_database(tmp_path, hall_file.config)
    tokens = provision(db_url, hall_file.path, KIOSK_DEVICES, MORNING)
    server = ServerProcess(hall_file.path, db_url, clock=MORNING).start()
    with LiveHall(hall_file, db_url, tokens, server) as hall:
        yield hall


def printer_uri(sim: PrinterSimulator) -> str:
    return f"tcp://127.0.0.1:{sim.port}"


def type_keys(qtbot: QtBot, kiosk: Kiosk, text: str) -> None:
    for key in text:
        click(qtbot, kiosk.window.code.keyboard.keys[key])


def take_ticket(qtbot: QtBot, kiosk: Kiosk, step_clock: StepClock) -> TicketOut:
    with qtbot.waitSignal(kiosk.controller.ticketIssued, timeout=WAIT_MS) as issued:
        click(qtbot, kiosk.window.start.grid.buttons["SVC_A"])
    step_clock.advance(2)  # past the double-tap guard: the next touch is a new one
    ticket: TicketOut = issued.args[0]
    return ticket


def test_a_phone_left_on_the_result_screen_gets_near_and_called_texts(
    qtbot: QtBot,
    reminder_hall: LiveHall,
    simulator: NotifySimulator,
    printer_sim: PrinterSimulator,
    make_kiosk: MakeKiosk,
    step_clock: StepClock,
) -> None:
    kiosk = make_kiosk(reminder_hall, printer_uri(printer_sim))
    assert kiosk.model.hall is not None and kiosk.model.hall.reminders_enabled
    with reminder_hall.api() as other_kiosk:
        for _ in range(4):
            other_kiosk.issue_ticket("SVC_A")
    mine = take_ticket(qtbot, kiosk, step_clock)
    assert mine.waiting_ahead == 4
    result = kiosk.window.result
    assert result.remind.text() == "短信提醒我"
    click(qtbot, result.remind)
    assert kiosk.model.screen is Screen.NOTIFY
    code = kiosk.window.code
    assert mine.number in code.title.text()
    assert not code.keyboard.keys["X"].isVisible()  # a mobile number has digits only
    type_keys(qtbot, kiosk, PHONE[:10])
    assert not code.confirm.isEnabled()  # ten digits are not a mobile number yet
    type_keys(qtbot, kiosk, PHONE[10:] + "9")  # a twelfth digit is not taken
    assert code.keyboard.text == PHONE
    with qtbot.waitSignal(kiosk.controller.notifyLeft, timeout=WAIT_MS):
        click(qtbot, code.confirm)
    assert kiosk.model.screen is Screen.RESULT
    assert "139****5678" in result.reminded.text() and result.reminded.isVisible()
    assert not result.remind.isVisible()  # once is enough: no second text for the same ticket

    # The same ticket again from another kiosk: refused, not texted twice.
    again = httpx.post(
        f"{reminder_hall.url}{API}/tickets/{mine.id}/notify",
        json={"phone": PHONE},
        headers={"Authorization": f"Bearer {reminder_hall.tokens['kiosk']}"},
    )
    assert again.status_code == 409 and "已登记" in again.json()["error"]["message"]

    clerk = reminder_hall.clerk(1)
    clerk.call_next(1)  # 3 now ahead of mine
    reminder_hall.advance(timedelta(seconds=1))  # the sender runs when the test clock moves
    near = simulator.wait_for(1)[0]
    assert (near.kind_or_template, near.phone, near.params["number"]) == ("near", PHONE, mine.number)
    for _ in range(3):
        clerk.call_next(1)
    called = clerk.call_next(1)
    assert called is not None and called.ticket is not None and called.ticket.number == mine.number
    reminder_hall.advance(timedelta(seconds=1))
    message = simulator.wait_for(2)[1]
    assert (message.kind_or_template, message.phone, message.params["window"]) == ("called", PHONE, "1")


def test_check_in_with_the_phones_last_four_digits_and_the_id_number(
    qtbot: QtBot,
    reminder_hall: LiveHall,
    printer_sim: PrinterSimulator,
    make_kiosk: MakeKiosk,
    step_clock: StepClock,
) -> None:
    body = {"service": "SVC_A", "date": "2026-03-02", "slot": "10:30-11:00", "name": "欧阳", "phone": PHONE}
    made = httpx.post(f"{reminder_hall.url}{API}/bookings", json={**body, "holder_id": ID_NUMBER})
    assert made.status_code == 201, made.text
    reminder_hall.advance(timedelta(minutes=27))  # 10:27: within the check-in window of 10:30
    kiosk = make_kiosk(reminder_hall, printer_uri(printer_sim))
    code = kiosk.window.code

    click(qtbot, kiosk.window.start.appointment)
    click(qtbot, code.no_code)
    assert kiosk.model.screen is Screen.APPOINTMENT_TAIL
    type_keys(qtbot, kiosk, "1111")  # not the phone booked with
    click(qtbot, code.confirm)
    assert kiosk.model.screen is Screen.APPOINTMENT_ID and "1111" in code.hint.text()
    type_keys(qtbot, kiosk, ID_NUMBER)
    qtbot.waitUntil(lambda: code.confirm.isEnabled())
    click(qtbot, code.confirm)
    qtbot.waitUntil(lambda: kiosk.model.message is not None, timeout=WAIT_MS)
    assert "手机号后四位和身份证号" in code.message.text() and code.message.isVisible()

    click(qtbot, code.back)  # back to the code, then the second way in once more
    assert kiosk.model.screen is Screen.APPOINTMENT
    click(qtbot, code.no_code)
    type_keys(qtbot, kiosk, "5678")
    click(qtbot, code.confirm)
    type_keys(qtbot, kiosk, ID_NUMBER)
    with qtbot.waitSignal(kiosk.controller.ticketIssued, timeout=WAIT_MS) as issued:
        click(qtbot, code.confirm)
    ticket: TicketOut = issued.args[0]
    assert ticket.channel == "appointment" and kiosk.model.screen is Screen.RESULT
    assert kiosk.window.result.mark.text() == "预约"
    booking = httpx.get(f"{reminder_hall.url}{API}/bookings/{made.json()['code']}", params={"phone": PHONE})
    assert booking.json()["status"] == "checked_in"

    step_clock.advance(2)
    click(qtbot, kiosk.window.result.done)
    click(qtbot, kiosk.window.start.appointment)
    click(qtbot, code.no_code)
    type_keys(qtbot, kiosk, "5678")
    click(qtbot, code.confirm)
    type_keys(qtbot, kiosk, ID_NUMBER)
    click(qtbot, code.confirm)  # the same booking again: refused as a used code is
    qtbot.waitUntil(lambda: kiosk.model.message is not None, timeout=WAIT_MS)
    assert "不能重复取号" in code.message.text()
    assert kiosk.model.screen is Screen.APPOINTMENT_ID


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_new_screens_fit_in_both_languages_and_in_large_type(
    qtbot: QtBot,
    reminder_hall: LiveHall,
    printer_sim: PrinterSimulator,
    make_kiosk: MakeKiosk,
    step_clock: StepClock,
    tmp_path: Path,
    lang: str,
    orientation: str,
) -> None:
    size = SIZES[orientation]
    kiosk = make_kiosk(reminder_hall, printer_uri(printer_sim), size=size)
    model = kiosk.model
    model.set_lang(lang)  # chosen by the citizen on the start screen, as test_kiosk_screens does

    def shoot(name: str) -> None:
        full = f"{name}-{lang}-{orientation}" + ("-large" if model.large else "")
        kiosk.window.refresh()
        save_screenshot(kiosk.window, tmp_path, full, group="f19/kiosk")
        check_screen(kiosk, full, size)

    for large in (False, True):
        model.set_large(large)
        model.back_to_start()
        take_ticket(qtbot, kiosk, step_clock)
        qtbot.waitUntil(lambda: model.current is not None and model.current.print_state.value == "printed")
        shoot("result-remind")
        assert model.open_notify()
        kiosk.window.code.keyboard.press("1")
        shoot("notify")
        model.notify_succeeded(model.current.ticket.id if model.current else 0, "139****5678")
        shoot("result-reminded")
        step_clock.advance(2)
        model.back_to_start()
        model.open_screen(Screen.APPOINTMENT)
        shoot("appointment")
        model.open_screen(Screen.APPOINTMENT_TAIL)
        shoot("appointment-tail")
        model.phone_tail_typed("5678")
        shoot("appointment-id")
        kiosk.controller.check_in_by_phone(ID_NUMBER)  # no booking today: refused on the same screen
        qtbot.waitUntil(lambda: model.message is not None, timeout=WAIT_MS)
        shoot("appointment-id-refused")
        model.back_to_start()
