"""Booking ahead (网上预约) through the API: slots, holidays, booking, check-in at the kiosk, cancelling and
the no-show block. The hall's clock stands at Monday 2 March 2026, 10:00 in Shanghai."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from jiaohao.domain.clock import ManualClock
from tests.support.booking import HOLIDAY, MAKE_UP_SATURDAY, write_booking_hall
from tests.support.harness import API, HallHarness
from tests.support.internals import load_hall


@pytest.fixture
def booking_hall(tmp_path: Path, clock: ManualClock, db_url: str) -> Iterator[HallHarness]:
    config = load_hall(write_booking_hall(tmp_path).path)
    with HallHarness.start(config, clock, db_url) as harness:
        yield harness


def slots(hall: HallHarness, day: str) -> list[dict[str, Any]]:
    r = hall.client.get(f"{API}/bookings/slots", params={"service": "SVC_A", "date": day})
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()
    return found


def book(hall: HallHarness, day: str, slot: str, phone: str = "13812345678", **more: str) -> Any:
    body = {"service": "SVC_A", "date": day, "slot": slot, "name": "欧阳娜娜", "phone": phone, **more}
    return hall.client.post(f"{API}/bookings", json=body)


def booked(hall: HallHarness, day: str, slot: str, phone: str = "13812345678") -> dict[str, Any]:
    r = book(hall, day, slot, phone)
    assert r.status_code == 201, r.text
    answer: dict[str, Any] = r.json()
    return answer


def test_the_hall_view_tells_the_calendar_ahead_for_the_callers_due_dates(booking_hall: HallHarness) -> None:
    """The caller counts a 容缺 due date in working days: it needs the hall's holidays and make-up days."""
    view = booking_hall.client.get(f"{API}/hall").json()
    assert (view["holidays"], view["workdays"]) == ([HOLIDAY], [MAKE_UP_SATURDAY])


def test_slots_follow_the_opening_hours_and_the_holiday_calendar(booking_hall: HallHarness) -> None:
    today = slots(booking_hall, "2026-03-02")
    assert today[0] == {"slot": "10:30-11:00", "capacity": 5, "left": 5}  # 10:00-10:30 has started
    assert "12:00-12:30" not in [s["slot"] for s in today] and today[-1]["slot"] == "16:30-17:00"
    assert slots(booking_hall, HOLIDAY) == []
    assert len(slots(booking_hall, MAKE_UP_SATURDAY)) == 13
    assert slots(booking_hall, "2026-03-08") == []  # an ordinary Sunday
    r = book(booking_hall, HOLIDAY, "09:00-09:30")
    assert r.status_code == 409 and "3月3日业务A不办公" in r.json()["error"]["message"]
    assert book(booking_hall, MAKE_UP_SATURDAY, "09:00-09:30").status_code == 201
    r = booking_hall.client.get(f"{API}/bookings/slots", params={"service": "SVC_A", "date": "2026-03-20"})
    assert r.status_code == 409 and "7 天内" in r.json()["error"]["message"]


def test_a_booking_is_shown_masked_to_whoever_has_its_code_and_phone(booking_hall: HallHarness) -> None:
    made = booked(booking_hall, "2026-03-04", "09:00-09:30", phone="+86 138-1234-5678")
    assert len(made["code"]) == 8 and made["status"] == "booked" and made["come_from"] == "08:55"
    assert (made["name_masked"], made["phone_masked"]) == ("欧***", "138****5678")
    r = booking_hall.client.get(f"{API}/bookings/{made['code'].lower()}", params={"phone": "13812345678"})
    assert r.status_code == 200 and r.json()["slot"] == "09:00-09:30"
    r = booking_hall.client.get(f"{API}/bookings/{made['code']}", params={"phone": "13900000000"})
    assert r.status_code == 404 and "核对预约码和手机号" in r.json()["error"]["message"]
    again = book(booking_hall, "2026-03-04", "14:00-14:30", phone="13812345678")
    assert again.status_code == 409 and "您已预约3月4日业务A 09:00-09:30" in again.json()["error"]["message"]
    assert book(booking_hall, "2026-03-05", "14:00-14:30").status_code == 201  # another day is another booking
    r = book(booking_hall, "2026-03-04", "09:00-09:30", phone="12345")
    assert r.status_code == 400 and "11 位手机号码" in r.json()["error"]["message"]


def test_a_full_slot_refuses_the_next_citizen(booking_hall: HallHarness) -> None:
    for n in range(5):
        booked(booking_hall, "2026-03-04", "09:00-09:30", phone=f"1391234000{n}")
    r = book(booking_hall, "2026-03-04", "09:00-09:30", phone="13912340009")
    assert r.status_code == 409 and "已约满" in r.json()["error"]["message"]
    assert slots(booking_hall, "2026-03-04")[0] == {"slot": "09:00-09:30", "capacity": 5, "left": 0}


def test_booking_then_check_in_at_the_kiosk_gives_one_appointment_ticket(booking_hall: HallHarness) -> None:
    code = booked(booking_hall, "2026-03-02", "10:30-11:00")["code"]
    walk_in = booking_hall.issued("SVC_A")
    early = booking_hall.issue(None, appointment_code=code)
    assert early.status_code == 409 and "请于 10:25 后再来取号" in early.json()["error"]["message"]
    booking_hall.clock.advance(timedelta(minutes=26))
    ticket = booking_hall.issued(None, appointment_code=code)
    assert ticket["channel"] == "appointment" and ticket["service"] == "SVC_A"
    again = booking_hall.issue(None, appointment_code=code)
    assert again.status_code == 409 and "不能重复取号" in again.json()["error"]["message"]
    clerk = booking_hall.login("1001", "1111", window=1)
    called = booking_hall.act(1, "call-next", clerk).json()["ticket"]["number"]
    assert called == ticket["number"] != walk_in["number"]  # the booked citizen goes first
    r = booking_hall.client.get(f"{API}/bookings/{code}", params={"phone": "13812345678"})
    assert r.json()["status"] == "checked_in"


def test_cancelling_frees_the_place_until_the_slot_starts(booking_hall: HallHarness) -> None:
    made = booked(booking_hall, "2026-03-02", "10:30-11:00")
    later = booked(booking_hall, "2026-03-02", "10:30-11:00", phone="13900001111")
    assert slots(booking_hall, "2026-03-02")[0]["left"] == 3
    r = booking_hall.client.delete(f"{API}/bookings/{made['code']}", params={"phone": "13812345678"})
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert slots(booking_hall, "2026-03-02")[0]["left"] == 4
    r = booking_hall.client.delete(f"{API}/bookings/{made['code']}", params={"phone": "13812345678"})
    assert r.status_code == 409 and "已签到或已取消" in r.json()["error"]["message"]
    booking_hall.clock.advance(timedelta(minutes=26))
    r = booking_hall.issue(None, appointment_code=made["code"])
    assert r.status_code == 409 and "该预约已取消" in r.json()["error"]["message"]
    booking_hall.clock.advance(timedelta(minutes=5))  # 10:31: the slot has started
    r = booking_hall.client.delete(f"{API}/bookings/{later['code']}", params={"phone": "13900001111"})
    assert r.status_code == 409 and "已开始，不能再取消" in r.json()["error"]["message"]
    assert book(booking_hall, "2026-03-02", "10:30-11:00", phone="13900002222").status_code == 409


def test_three_no_shows_block_booking_with_the_reason(booking_hall: HallHarness) -> None:
    for day in ("2026-03-02", "2026-03-04", "2026-03-05"):
        booked(booking_hall, day, "14:00-14:30")
    booked(booking_hall, "2026-03-02", "15:00-15:30", phone="13900001111")  # someone who comes
    booking_hall.clock.advance(timedelta(hours=4, minutes=50))  # 14:50 on 2 March
    supervisor = booking_hall.login("1002", "2222", window=None)
    r = booking_hall.client.get(f"{API}/appointments/summary", params={"date": "2026-03-02"}, headers=supervisor)
    by_slot = {row["slot"]: row for row in r.json() if row["service"] == "SVC_A"}
    assert by_slot["14:00-14:30"] == {
        "service": "SVC_A",
        "slot": "14:00-14:30",
        "capacity": 5,
        "booked": 1,
        "checked_in": 0,
        "no_show": 1,
        "cancelled": 0,
    }
    assert by_slot["15:00-15:30"]["booked"] == 1 and by_slot["15:00-15:30"]["no_show"] == 0
    booking_hall.clock.advance(timedelta(days=3, hours=20))  # Friday 6 March, 10:40
    r = book(booking_hall, "2026-03-09", "09:00-09:30")
    assert r.status_code == 409
    assert r.json()["error"]["message"] == "您近 30 天内有 3 次预约未到（爽约），4月4日前暂停网上预约，可到大厅现场取号"
    assert book(booking_hall, "2026-03-09", "09:00-09:30", phone="13900001111").status_code == 201
    r = booking_hall.client.get(f"{API}/appointments/summary", params={"date": "2026-03-02"})
    assert r.status_code == 401


def test_admin_lists_a_days_appointments_with_no_shows(booking_hall: HallHarness, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jiaohao.cli import main

    checked = booked(booking_hall, "2026-03-02", "10:30-11:00")["code"]
    missed = booked(booking_hall, "2026-03-02", "10:30-11:00", phone="13900001111")["code"]
    booking_hall.clock.advance(timedelta(minutes=26))
    booking_hall.issued(None, appointment_code=checked)
    config = str(tmp_path / "hall.toml")
    result = CliRunner().invoke(
        main,
        ["admin", "--db", booking_hall.db_url, "appointments", "list", "--date", "2026-03-02", "--config", config],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    service_a = load_hall(tmp_path / "hall.toml").service("SVC_A")
    assert service_a is not None
    assert f"{checked}\t{service_a.name}\t10:30-11:00\t欧***\t138****5678\tchecked_in" in lines
    # The CLI reads the wall clock: 2 March 2026 is long past, so the one who never came is a no-show.
    assert f"{missed}\t{service_a.name}\t10:30-11:00\t欧***\t139****1111\tno_show" in lines
    assert "# SVC_A 10:30-11:00: booked 2/5, checked in 1, no-show 1, cancelled 0" in lines


def test_check_in_with_the_phones_last_digits_and_the_id(booking_hall: HallHarness) -> None:
    made = book(booking_hall, "2026-03-02", "10:30-11:00", holder_id="11010519491231002X")
    assert made.status_code == 201
    booking_hall.clock.advance(timedelta(minutes=26))
    r = booking_hall.issue(None, appointment_phone_tail="5678", holder_id="110105194912310021")
    assert r.status_code == 404 and "手机号后四位和身份证号" in r.json()["error"]["message"]
    r = booking_hall.issue(None, appointment_phone_tail="5678")
    assert r.status_code == 400 and "身份证" in r.json()["error"]["message"]
    ticket = booking_hall.issued(None, appointment_phone_tail="5678", holder_id="11010519491231002x")
    assert ticket["channel"] == "appointment"
    again = booking_hall.issue(None, appointment_phone_tail="5678", holder_id="11010519491231002X")
    assert again.status_code == 409 and "不能重复取号" in again.json()["error"]["message"]
    used = booking_hall.issue(None, appointment_code=made.json()["code"])
    assert used.status_code == 409 and "不能重复取号" in used.json()["error"]["message"]
