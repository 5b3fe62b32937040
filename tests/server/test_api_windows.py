"""Window actions through the real API: what a clerk sees when pressing each button."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.harness import API, HallHarness


def code(r: Any) -> str:
    return str(r.json()["error"]["code"])


def test_full_service_of_one_citizen(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    ticket = hall.issued("SVC_A")
    called = hall.act(1, "call-next", clerk)
    assert called.status_code == 200
    body = called.json()
    assert body["ticket"]["number"] == ticket["number"] and body["ticket"]["state"] == "called"
    assert body["window"]["serving"] == "A001" and body["window"]["staff_name"] == "测试员甲"
    assert hall.act(1, "recall", clerk).json()["ticket"]["recall"] == 1
    assert hall.act(1, "start", clerk).json()["ticket"]["state"] == "serving"
    done = hall.act(1, "finish", clerk).json()
    assert done["ticket"]["state"] == "done" and done["window"]["serving"] is None
    assert hall.act(1, "call-next", clerk).status_code == 204


def test_call_order_transferred_then_green_then_priority_then_fifo(hall: HallHarness) -> None:
    clerk1 = hall.login("1001", "1111", window=1)  # window 1 offers A before B
    b1 = hall.issued("SVC_B", holder_id="p1")
    a1 = hall.issued("SVC_A")
    a2 = hall.issued("SVC_A")
    g = hall.issued("SVC_B", holder_id="p2", channel="green")
    order = []
    for _ in range(4):
        r = hall.act(1, "call-next", clerk1)
        order.append(r.json()["ticket"]["number"])
        hall.act(1, "finish", clerk1)
    assert order == [g["number"], a1["number"], a2["number"], b1["number"]]


def test_waited_too_long_is_served_before_a_higher_ranked_service(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    old_b = hall.issued("SVC_B", holder_id="p1")
    hall.clock.advance(timedelta(minutes=6))  # the test hall's starvation limit is 5 minutes
    hall.issued("SVC_A")
    assert hall.act(1, "call-next", clerk).json()["ticket"]["number"] == old_b["number"]


def test_an_overdue_ticket_sent_to_the_back_is_still_the_first_to_be_called(hall: HallHarness) -> None:
    """Only the waiting time since issue says who has waited too long: a ticket transferred "to the back" stands
    behind later tickets in its queue, yet once overdue it is called before them (nothing starves)."""
    clerk = hall.login("1001", "1111", window=1)
    first = hall.issued("SVC_A")
    hall.clock.advance(timedelta(minutes=1))
    second = hall.issued("SVC_A")
    assert hall.act(1, "call-next", clerk).json()["ticket"]["number"] == first["number"]
    hall.clock.advance(timedelta(minutes=1))
    assert hall.act(1, "transfer", clerk, service="SVC_A", position="back").status_code == 200  # now behind A002
    hall.clock.advance(timedelta(minutes=10))  # both overdue; A001 has waited longest
    assert hall.act(1, "call-next", clerk).json()["ticket"]["number"] == first["number"] != second["number"]


def test_two_windows_never_get_the_same_ticket(hall: HallHarness) -> None:
    w1 = hall.login("1001", "1111", window=1)
    w2 = hall.login("1002", "2222", window=2)
    hall.issued("SVC_A")
    first = hall.act(1, "call-next", w1)
    second = hall.act(2, "call-next", w2)
    assert first.status_code == 200 and second.status_code == 204


def test_a_clerk_of_window_1_cannot_act_on_window_2(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    hall.issued("SVC_A")
    r = hall.act(2, "call-next", clerk)
    assert r.status_code == 403 and r.json()["error"]["message"] == "无权操作 2 号窗口"


def test_caller_device_acts_only_on_its_windows(hall: HallHarness) -> None:
    hall.login("1001", "1111", window=1)
    hall.login("1002", "2222", window=2)
    hub = hall.device("caller", [1])
    hall.issued("SVC_A")
    assert hall.act(1, "call-next", hub).status_code == 200
    assert hall.act(2, "call-next", hub).status_code == 403
    kiosk = hall.kiosk
    assert hall.act(1, "finish", kiosk).status_code == 403


def test_buttons_out_of_order_get_a_sentence_not_a_crash(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    r = hall.act(1, "finish", clerk)
    assert r.status_code == 409 and code(r) == "no_current_ticket"
    hall.issued("SVC_A")
    hall.act(1, "call-next", clerk)
    hall.act(1, "start", clerk)
    r = hall.act(1, "no-show", clerk)
    assert r.status_code == 409 and r.json()["error"]["message"] == "A001 号办理中，不能过号"
    r = hall.act(1, "start", clerk)
    assert r.status_code == 409 and r.json()["error"]["message"] == "A001 号办理中，不能开始办理"


def test_call_next_after_a_call_finishes_it_as_a_keypad_does(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    hall.issued("SVC_A")
    hall.issued("SVC_A")
    hall.act(1, "call-next", clerk)
    r = hall.act(1, "call-next", clerk)
    assert r.json()["ticket"]["number"] == "A002"
    r = hall.act(1, "call-next", clerk)  # nobody left: A002 is finished all the same
    assert r.status_code == 204
    assert hall.hall()["windows"][0]["serving"] is None


def test_call_next_while_serving_finishes_the_current_ticket(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    hall.issued("SVC_A")
    hall.issued("SVC_A")
    hall.act(1, "call-next", clerk)
    hall.act(1, "start", clerk)
    r = hall.act(1, "call-next", clerk)
    assert r.json()["ticket"]["number"] == "A002"
    first = hall.client.get(f"{API}/hall").json()
    assert first["windows"][0]["serving"] == "A002"


def test_no_show_hold_and_calling_a_chosen_ticket_back(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    for _ in range(3):
        hall.issued("SVC_A")
    hall.act(1, "call-next", clerk)
    assert hall.act(1, "no-show", clerk).json()["ticket"]["state"] == "no_show"
    hall.act(1, "call-next", clerk)
    assert hall.act(1, "hold", clerk).json()["ticket"]["state"] == "held"
    back = hall.act(1, "call", clerk, number="A002")
    assert back.status_code == 200 and back.json()["ticket"]["number"] == "A002"
    hall.act(1, "finish", clerk)
    again = hall.act(1, "call", clerk, number="a001")
    assert again.json()["ticket"]["number"] == "A001"
    hall.act(1, "finish", clerk)
    assert hall.act(1, "call", clerk, number="A001").status_code == 409  # done is done
    assert hall.act(1, "call", clerk, number="A099").status_code == 404


def test_calling_another_windows_ticket_by_number_is_refused(hall: HallHarness) -> None:
    hall.login("1001", "1111", window=1)
    clerk3 = hall.login("1002", "2222", window=3)  # window 3 serves only SVC_C
    hall.issued("SVC_A")
    r = hall.act(3, "call", clerk3, number="A001")
    assert r.status_code == 403 and code(r) == "not_this_window"


def test_transfer_to_a_window_and_to_a_service(hall: HallHarness) -> None:
    w1 = hall.login("1001", "1111", window=1)
    w4 = hall.login("1002", "2222", window=4)
    hall.issued("SVC_A")
    hall.issued("SVC_A")
    hall.act(1, "call-next", w1)
    moved = hall.act(1, "transfer", w1, window=4, position="back")
    assert moved.json()["ticket"]["state"] == "transferred"
    # Window 1 cannot call a ticket sent to window 4; window 4 takes it before its own queue.
    assert hall.act(1, "call-next", w1).json()["ticket"]["number"] == "A002"
    assert hall.act(4, "call-next", w4).json()["ticket"]["number"] == "A001"
    hall.act(4, "finish", w4)
    hall.act(1, "transfer", w1, service="SVC_C", position="front")
    assert hall.act(4, "call-next", w4).json()["ticket"]["service"] == "SVC_C"
    r = hall.act(4, "transfer", w4, window=3, service="SVC_A")
    assert r.status_code == 400 and code(r) == "transfer_service_mismatch"
    r = hall.act(4, "transfer", w4, position="back")
    assert r.status_code == 400 and code(r) == "transfer_target", r.text


def test_a_transferred_ticket_keeps_its_number_across_services(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=2)
    a = hall.issued("SVC_A")
    hall.issued("SVC_C")
    hall.act(2, "call-next", clerk)
    hall.clock.advance(timedelta(minutes=1))
    hall.act(2, "transfer", clerk, service="SVC_C", position="back")
    # C001 exists too: numbers stay unique because they belong to the service that issued them.
    hall.act(2, "call-next", clerk)
    r = hall.act(2, "finish", clerk)
    assert r.json()["ticket"]["number"] == "C001"
    assert hall.act(2, "call-next", clerk).json()["ticket"]["number"] == a["number"]


def test_pause_stops_calls_until_resume(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    hall.issued("SVC_A")
    paused = hall.act(1, "pause", clerk, reason="午休")
    assert paused.json()["status"] == "paused" and paused.json()["pause_reason"] == "午休"
    r = hall.act(1, "call-next", clerk)
    assert r.status_code == 409 and code(r) == "window_paused"
    assert hall.act(1, "resume", clerk).json()["status"] == "open"
    assert hall.act(1, "call-next", clerk).status_code == 200


def test_a_window_with_a_called_citizen_cannot_pause(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    ticket = hall.issued("SVC_A")
    assert hall.act(1, "call-next", clerk).status_code == 200
    for step in ("called", "serving"):
        r = hall.act(1, "pause", clerk, reason="午休")
        assert r.status_code == 409 and code(r) == "window_busy", step
        assert ticket["number"] in r.json()["error"]["message"] and "请先办结" in r.json()["error"]["message"]
        assert hall.hall()["windows"][0]["status"] == "open"
        hall.act(1, "start", clerk)
    hall.act(1, "finish", clerk)
    assert hall.act(1, "pause", clerk, reason="午休").json()["status"] == "paused"


def test_login_is_throttled_after_wrong_pins(hall: HallHarness) -> None:
    bad = {"staff_no": "1001", "pin": "0000", "window": 1}
    for _ in range(3):  # the test hall locks after 3 failures
        r = hall.client.post(f"{API}/auth/login", json=bad)
        assert r.status_code == 401
    r = hall.client.post(f"{API}/auth/login", json={**bad, "pin": "1111"})
    assert r.status_code == 429 and "分钟后再试" in r.json()["error"]["message"]
    hall.clock.advance(timedelta(minutes=2))
    assert hall.client.post(f"{API}/auth/login", json={**bad, "pin": "1111"}).status_code == 200


def test_unknown_staff_and_missing_window(hall: HallHarness) -> None:
    r = hall.client.post(f"{API}/auth/login", json={"staff_no": "9999", "pin": "1111", "window": 1})
    assert r.status_code == 401 and r.json()["error"]["message"] == "工号或密码错误"
    r = hall.client.post(f"{API}/auth/login", json={"staff_no": "1001", "pin": "1111"})
    assert r.status_code == 400 and code(r) == "window_required"
    supervisor = hall.client.post(f"{API}/auth/login", json={"staff_no": "1002", "pin": "2222"})
    assert supervisor.status_code == 200 and supervisor.json()["role"] == "supervisor"


def test_token_expires_and_logout_closes_the_window(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    assert hall.hall()["windows"][0]["status"] == "open"
    assert hall.client.post(f"{API}/auth/logout", headers=clerk).status_code == 204
    assert hall.hall()["windows"][0]["status"] == "closed"
    assert hall.act(1, "call-next", clerk).status_code == 401
    clerk = hall.login("1001", "1111", window=1)
    hall.clock.advance(timedelta(hours=1, seconds=1))  # staff tokens last one hour in the test hall
    assert hall.act(1, "call-next", clerk).status_code == 401


def test_a_new_login_at_a_window_ends_the_previous_session(hall: HallHarness) -> None:
    first = hall.login("1001", "1111", window=1)
    hall.login("1002", "2222", window=1)
    assert hall.act(1, "call-next", first).status_code == 401
    assert hall.hall()["windows"][0]["staff_no"] == "1002"


def test_a_ticket_called_again_keeps_its_first_call_for_the_wait(hall: HallHarness) -> None:
    from sqlalchemy import select

    from server.storage.models import Ticket

    clerk = hall.login("1001", "1111", window=1)
    hall.issued("SVC_A")
    hall.clock.advance(timedelta(minutes=4))
    hall.act(1, "call-next", clerk)
    hall.act(1, "hold", clerk)
    hall.clock.advance(timedelta(minutes=10))
    hall.act(1, "call", clerk, number="A001")
    with hall.runtime.read_engine.connect() as conn:
        issued, first, latest = conn.execute(select(Ticket.issued_at, Ticket.first_called_at, Ticket.called_at)).one()
    assert (first - issued, latest - issued) == (timedelta(minutes=4), timedelta(minutes=14))
