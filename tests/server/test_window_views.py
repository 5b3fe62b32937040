"""What a clerk's screen reads: who am I, the window's waiting list in call order, today's figures, photos."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from jiaohao.domain.clock import ManualClock
from server.runtime import ServerSettings
from tests.support.harness import API, HallHarness


def test_me_says_who_a_token_belongs_to(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=2)
    assert hall.client.get(f"{API}/auth/me", headers=clerk).json() == {
        "kind": "staff",
        "role": "staff",
        "windows": [2],
        "staff_no": "1001",
        "staff_name": "测试员甲",
        "device_id": None,
    }
    hub = hall.device("caller", [1, 3])
    me = hall.client.get(f"{API}/auth/me", headers=hub).json()
    assert (me["kind"], me["role"], me["windows"]) == ("device", "caller", [1, 3])
    assert hall.client.get(f"{API}/auth/me").status_code == 401


def test_queue_is_in_call_order_then_held_and_no_show(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)  # window 1 offers A before B
    hall.issued("SVC_B", holder_id="p1")
    hall.issued("SVC_A")
    hall.issued("SVC_A")
    hall.issued("SVC_B", holder_id="p2", channel="green")
    hall.issued("SVC_C")  # not window 1's
    hall.clock.advance(timedelta(minutes=2))
    hall.act(1, "call-next", clerk)  # B0002 (green)
    hall.act(1, "hold", clerk)
    queue = hall.client.get(f"{API}/windows/1/queue", headers=clerk).json()
    assert [(e["number"], e["state"]) for e in queue] == [
        ("A001", "waiting"),
        ("A002", "waiting"),
        ("B0001", "waiting"),
        ("B0002", "held"),
    ]
    assert queue[0]["waited_min"] == 2 and queue[0]["service_name"] == "业务A"
    other = hall.login("1002", "2222", window=2)
    assert hall.client.get(f"{API}/windows/1/queue", headers=other).status_code == 403


def test_today_counts_this_windows_service_and_ratings(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    pad = hall.device("pad", [1])
    for minutes in (4, 6):
        ticket = hall.issued("SVC_A")
        hall.act(1, "call-next", clerk)
        hall.act(1, "start", clerk)
        hall.clock.advance(timedelta(minutes=minutes))
        hall.act(1, "finish", clerk)
        hall.client.post(
            f"{API}/ratings", json={"ticket_id": ticket["id"], "level": 5 if minutes == 4 else 3}, headers=pad
        )
    hall.issued("SVC_A")
    hall.act(1, "call-next", clerk)
    hall.act(1, "no-show", clerk)
    today = hall.client.get(f"{API}/windows/1/today", headers=clerk).json()
    assert today == {
        "window": 1,
        "served": 2,
        "no_shows": 1,
        "avg_handle_min": 5.0,
        "rated": 2,
        "good": 1,
        "good_rate": 0.5,
    }


def test_staff_photo_is_served_and_named_in_the_window_view(
    hall_config: Any, clock: ManualClock, db_url: str, tmp_path: Path
) -> None:
    (tmp_path / "staff").mkdir()
    (tmp_path / "staff" / "1003.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    from fastapi.testclient import TestClient

    from server.app import create_app

    settings = ServerSettings(db_url=db_url, public_url="http://hall.test", clock=clock, photo_root=tmp_path)
    with TestClient(create_app(hall_config, settings)) as client:
        login = client.post(f"{API}/auth/login", json={"staff_no": "1003", "pin": "3333", "window": 3})
        assert login.status_code == 200 and (login.json()["staff_no"], login.json()["window"]) == ("1003", 3)
        window = next(w for w in client.get(f"{API}/hall").json()["windows"] if w["number"] == 3)
        assert (window["staff_no"], window["staff_photo"]) == ("1003", f"{API}/staff/1003/photo")
        r = client.get(window["staff_photo"])
        assert r.status_code == 200 and r.content == (tmp_path / "staff" / "1003.png").read_bytes()
        assert client.get(f"{API}/staff/1001/photo").status_code == 404  # no photo configured


def test_evaluator_bad_rating_needs_no_reason_and_a_kept_rating_counts_at_its_time(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    pad = hall.device("pad", [1])
    first = hall.issued("SVC_A")
    second = hall.issued("SVC_A")
    hall.act(1, "call-next", clerk)
    hall.act(1, "finish", clerk)
    r = hall.client.post(
        f"{API}/ratings", json={"ticket_id": first["id"], "level": 1, "source": "evaluator"}, headers=pad
    )
    assert r.status_code == 201 and r.json()["case"] is not None
    hall.act(1, "call-next", clerk)
    pressed = hall.clock.now()
    hall.act(1, "finish", clerk)
    hall.clock.advance(timedelta(minutes=5))  # the pad was offline; the test hall allows 2 minutes
    body = {"ticket_id": second["id"], "level": 5, "rated_at": (pressed + timedelta(seconds=30)).isoformat()}
    assert hall.client.post(f"{API}/ratings", json=body, headers=pad).status_code == 201
    late = {"ticket_id": second["id"], "level": 5, "rated_at": (pressed + timedelta(days=3)).isoformat()}
    assert hall.client.post(f"{API}/ratings", json=late, headers=pad).status_code == 400


def test_a_press_after_the_window_called_the_next_citizen_is_not_the_previous_ones(hall: HallHarness) -> None:
    """B003 finished; E003 is at the window when a press arrives: it is not B003's rating. A press the pad kept
    offline, made before E003 was called, still counts for B003."""
    clerk = hall.login("1001", "1111", window=1)
    pad = hall.device("pad", [1])
    first = hall.issued("SVC_A")
    hall.issued("SVC_A")
    hall.act(1, "call-next", clerk)
    hall.act(1, "finish", clerk)
    finished = hall.clock.now()
    hall.clock.advance(timedelta(seconds=40))
    hall.act(1, "call-next", clerk)  # the next citizen is at the window now
    hall.clock.advance(timedelta(seconds=20))
    late = hall.client.post(f"{API}/ratings", json={"ticket_id": first["id"], "level": 3}, headers=pad)
    assert late.status_code == 409 and late.json()["error"]["code"] == "rating_moved_on", late.text
    assert "下一位" in late.json()["error"]["message"]
    kept = {"ticket_id": first["id"], "level": 4, "rated_at": (finished + timedelta(seconds=10)).isoformat()}
    assert hall.client.post(f"{API}/ratings", json=kept, headers=pad).status_code == 201


def test_asking_for_a_rating_while_serving_finishes_the_service_first(hall: HallHarness) -> None:
    """The 评价 key (keypad 0x0B, caller F10) pressed while the citizen is at the window: the service is done,
    so the citizen's press on the pad is taken, not refused as 'still being served'."""
    clerk = hall.login("1001", "1111", window=1)
    pad = hall.device("pad", [1])
    ticket = hall.issued("SVC_A")
    hall.act(1, "call-next", clerk)
    hall.act(1, "start", clerk)
    since = hall.hall()["seq"]
    asked = hall.client.post(f"{API}/windows/1/rating-request", headers=clerk)
    assert asked.status_code == 200 and asked.json()["ticket_id"] == ticket["id"], asked.text
    types = [e["type"] for e in hall.events_since(since)]
    assert types.count("rating.requested") == 1 and "ticket.finished" in types, types
    r = hall.client.post(f"{API}/ratings", json={"ticket_id": ticket["id"], "level": 5}, headers=pad)
    assert r.status_code == 201, r.text
