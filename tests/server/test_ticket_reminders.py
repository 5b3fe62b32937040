"""A citizen who leaves a phone at the kiosk hears "即将到号" when 3 or fewer are ahead and "请到N号窗口" when
called: through the real app and the webhook simulator, delivered when the (test) clock moves, never inside the
call itself."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jiaohao.domain.clock import ManualClock
from server.notify.simulator import NotifySimulator
from tests.support.booking import SMS_SECRET, WEBHOOK_SECRET, reminder_env, write_booking_hall
from tests.support.harness import API, HallHarness
from tests.support.internals import load_hall


@pytest.fixture
def simulator() -> Iterator[NotifySimulator]:
    sim = NotifySimulator(sms_secret=SMS_SECRET, webhook_secret=WEBHOOK_SECRET).start()
    yield sim
    sim.close()


@pytest.fixture
def hall(
    tmp_path: Path, clock: ManualClock, db_url: str, simulator: NotifySimulator, monkeypatch: pytest.MonkeyPatch
) -> Iterator[HallHarness]:
    for name, value in reminder_env("webhook").items():
        monkeypatch.setenv(name, value)
    config = load_hall(write_booking_hall(tmp_path, reminders="webhook", notify_url=simulator.url).path)
    with HallHarness.start(config, clock, db_url) as harness:
        yield harness


def deliver(hall: HallHarness) -> None:
    assert hall.client.put(f"{API}/test/clock", json={"advance_s": 1}).status_code == 200


def test_near_and_called_reach_the_phone_left_at_the_kiosk(hall: HallHarness, simulator: NotifySimulator) -> None:
    ahead = [hall.issued("SVC_A") for _ in range(4)]
    mine = hall.issued("SVC_A", notify_phone="139 1234 5678")
    clerk = hall.login("1001", "1111", window=1)
    hall.act(1, "call-next", clerk)  # 3 now ahead of mine
    deliver(hall)
    near = simulator.wait_for(1)[0]
    assert (near.kind_or_template, near.phone, near.params) == (
        "near",
        "13912345678",
        {"number": mine["number"], "ahead": "3"},
    )
    for _ in range(3):
        hall.act(1, "call-next", clerk)
    deliver(hall)
    assert len(simulator.received) == 1  # "near" once, not at every step
    called = hall.act(1, "call-next", clerk).json()["ticket"]
    assert called["number"] == mine["number"] and ahead[0]["number"] != mine["number"]
    assert len(simulator.received) == 1  # the call itself does not wait for the provider
    deliver(hall)
    message = simulator.wait_for(2)[1]
    assert (message.kind_or_template, message.params) == ("called", {"number": mine["number"], "window": "1"})


def test_a_bad_phone_is_refused_before_any_ticket_is_issued(hall: HallHarness) -> None:
    r = hall.issue("SVC_A", notify_phone="12345")
    assert r.status_code == 400 and "11 位手机号码" in r.json()["error"]["message"]
    assert hall.issued("SVC_A")["number"] == "A001"  # nothing was issued by the refused request


def test_a_message_given_up_is_recorded_failed_with_the_reason(hall: HallHarness, simulator: NotifySimulator) -> None:
    simulator.fail_next(4)  # max_attempts in the test hall is 4
    body = {"service": "SVC_A", "date": "2026-03-04", "slot": "09:00-09:30", "name": "吴八", "phone": "13712345678"}
    made = hall.client.post(f"{API}/bookings", json=body).json()
    for wait_s in (1, 30, 60, 120, 240):  # the 4 attempts come 30, 60, 120 s apart; then nothing more
        assert hall.client.put(f"{API}/test/clock", json={"advance_s": wait_s}).status_code == 200
    assert [m.ok for m in simulator.received] == [False] * 4
    supervisor = hall.login("1002", "2222", window=None)
    listed = hall.client.get(f"{API}/reminders", headers=supervisor).json()
    by_kind = {m["kind"]: m for m in listed}
    assert (by_kind["confirmed"]["status"], by_kind["confirmed"]["attempts"]) == ("failed", 4)
    assert by_kind["confirmed"]["last_error"] == "提醒网关返回 HTTP 503"
    assert by_kind["day_before"]["status"] == "pending"
    cancelled = hall.client.delete(f"{API}/bookings/{made['code']}", params={"phone": "13712345678"})
    assert cancelled.status_code == 200
    kinds = [m["kind"] for m in hall.client.get(f"{API}/reminders", headers=supervisor).json()]
    assert kinds == ["confirmed"]  # a cancelled booking gets no reminder the day before


def test_a_phone_left_after_the_ticket_gets_the_same_messages(hall: HallHarness, simulator: NotifySimulator) -> None:
    """短信提醒我 on the kiosk's result screen: the ticket is issued first, the phone attached after."""
    assert hall.client.get(f"{API}/hall").json()["reminders_enabled"] is True
    mine = hall.issued("SVC_A")
    url = f"{API}/tickets/{mine['id']}/notify"
    bad = hall.client.post(url, json={"phone": "12345"}, headers=hall.kiosk)
    assert bad.status_code == 400 and "11 位手机号码" in bad.json()["error"]["message"]
    assert hall.client.post(url, json={"phone": "13912345678"}).status_code == 401  # a kiosk's token only
    assert hall.client.post(url, json={"phone": "13912345678"}, headers=hall.kiosk).status_code == 204
    again = hall.client.post(url, json={"phone": "13912345678"}, headers=hall.kiosk)
    assert again.status_code == 409 and "已登记短信提醒" in again.json()["error"]["message"]
    clerk = hall.login("1001", "1111", window=1)
    hall.act(1, "call-next", clerk)
    deliver(hall)
    called = simulator.wait_for(1)[0]
    assert (called.kind_or_template, called.phone, called.params) == (
        "called",
        "13912345678",
        {"number": mine["number"], "window": "1"},
    )
    late = hall.client.post(url, json={"phone": "13912345678"}, headers=hall.kiosk)
    assert late.status_code == 409  # already called: a watch could never be sent


def test_no_reminder_offered_where_the_hall_sends_none(tmp_path: Path, clock: ManualClock, db_url: str) -> None:
    config = load_hall(write_booking_hall(tmp_path).path)
    with HallHarness.start(config, clock, db_url) as off:
        assert off.client.get(f"{API}/hall").json()["reminders_enabled"] is False
        ticket = off.issued("SVC_A")
        r = off.client.post(f"{API}/tickets/{ticket['id']}/notify", json={"phone": "13912345678"}, headers=off.kiosk)
        assert r.status_code == 409 and "未开通短信提醒" in r.json()["error"]["message"]
