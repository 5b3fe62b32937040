"""Issuing tickets through the real API: what a kiosk and a citizen see."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.support.harness import API, HallHarness


def error(r: Any) -> dict[str, str]:
    body = r.json()
    assert set(body) == {"error"}, body
    return dict(body["error"])


def test_a_ticket_has_number_position_estimate_and_tracking(hall: HallHarness) -> None:
    first = hall.issued("SVC_A")
    second = hall.issued("SVC_A")
    assert (first["number"], second["number"]) == ("A001", "A002")
    assert first["waiting_ahead"] == 0 and second["waiting_ahead"] == 1
    # One ahead × 5 min configured; no clerk yet, so counted from the windows that will serve SVC_A: 1 and 4
    # list it first, 2 second (half its time): 2.5 windows' worth, 2 minutes, shown as a range while unsure.
    assert (second["est_wait_min"], second["est_wait_range"]) == (2, [1, 4])
    assert first["checklist"] == ["身份证原件", "申请表"]
    assert first["track_url"] == f"http://hall.test/t/{first['track_token']}"
    assert first["issued_at"].startswith("2026-03-02T02:00:00")
    tracked = hall.client.get(f"{API}/tickets/{second['id']}", params={"track": second["track_token"]})
    assert tracked.status_code == 200
    assert tracked.json()["waiting_ahead"] == 1 and tracked.json()["state"] == "waiting"


def test_tracking_without_the_token_reveals_nothing(hall: HallHarness) -> None:
    ticket = hall.issued("SVC_A")
    for params in ({}, {"track": "guess"}):
        r = hall.client.get(f"{API}/tickets/{ticket['id']}", params=params)
        assert r.status_code == 404 and error(r)["code"] == "unknown_ticket"


def test_numbers_are_per_service_and_width_is_configured(hall: HallHarness) -> None:
    assert hall.issued("SVC_A")["number"] == "A001"
    assert hall.issued("SVC_B", holder_id="13800000001")["number"] == "B0001"
    assert hall.issued("SVC_A")["number"] == "A002"


def test_numbering_restarts_at_the_business_day_reset(hall: HallHarness) -> None:
    hall.issued("SVC_A")
    hall.clock.advance(timedelta(hours=16, minutes=59))  # 02:59 next morning in Shanghai: still the old day
    assert hall.issued("SVC_A")["number"] == "A002"
    hall.clock.advance(timedelta(minutes=1))  # 03:00: a new business day
    assert hall.issued("SVC_A")["number"] == "A001"


def test_unknown_service_is_a_clear_404_and_nothing_changes(hall: HallHarness) -> None:
    r = hall.issue("NOPE")
    assert r.status_code == 404
    assert error(r) == {"code": "unknown_service", "message": "没有这项业务：NOPE"}
    assert sum(s["issued_today"] for s in hall.hall()["services"]) == 0


def test_daily_cap_refuses_the_next_ticket_with_a_reason(hall: HallHarness) -> None:
    for _ in range(5):
        hall.issued("SVC_C")
    r = hall.issue("SVC_C")
    assert r.status_code == 409 and error(r)["code"] == "daily_cap_reached"
    assert "今日号源已取完" in error(r)["message"]
    service = next(s for s in hall.hall()["services"] if s["code"] == "SVC_C")
    assert (service["issued_today"], service["open"], service["closed_reason"]) == (5, False, "今日号源已取完")


def test_closed_service_refuses(hall_config: Any, clock: Any, db_url: str) -> None:
    from jiaohao.domain.config import parse_hours

    services = tuple(
        s.model_copy(update={"hours": (parse_hours("09:00-12:00"),)}) if s.code == "SVC_A" else s
        for s in hall_config.services
    )
    config = hall_config.model_copy(update={"services": services})
    clock.advance(timedelta(hours=5))  # 15:00 in Shanghai
    with HallHarness.start(config, clock, db_url) as hall:
        r = hall.issue("SVC_A")
        assert r.status_code == 409 and error(r)["code"] == "service_closed"
        assert "09:00-12:00" in error(r)["message"]


def test_one_open_ticket_per_person_when_configured(hall: HallHarness) -> None:
    first = hall.issued("SVC_B", holder_id="110101199001011234")
    r = hall.issue("SVC_B", holder_id="110101199001011234")
    assert r.status_code == 409 and first["number"] in error(r)["message"]
    assert hall.issue("SVC_B").status_code == 400  # the service needs an ID or phone
    assert hall.issue("SVC_B", holder_id="110101199001015678").status_code == 201


def test_a_citizen_who_missed_the_call_may_take_a_new_number_and_a_restart_changes_nothing(
    hall_config: Any, clock: Any, db_url: str
) -> None:
    def missed(hall: HallHarness, clerk: dict[str, str], holder: str) -> None:
        ticket = hall.issued("SVC_B", holder_id=holder)
        assert hall.act(2, "call", clerk, number=ticket["number"]).status_code == 200  # this citizen, not the next
        assert hall.act(2, "no-show", clerk).status_code == 200

    with HallHarness.start(hall_config, clock, db_url) as hall:
        clerk = hall.login("1002", "2222", window=2)
        missed(hall, clerk, "13900000001")
        at_once = hall.issue("SVC_B", holder_id="13900000001").status_code
        missed(hall, clerk, "13900000002")
    with HallHarness.start(hall_config, clock, db_url, generation=1) as restarted:
        after_restart = restarted.issue("SVC_B", holder_id="13900000002").status_code
    assert (at_once, after_restart) == (201, 201)


def test_green_channel_ticket_is_marked_and_refused_where_not_offered(hall: HallHarness) -> None:
    assert hall.issued("SVC_A", channel="green")["channel"] == "green"
    assert hall.issued("SVC_A", priority=True)["channel"] == "green"
    r = hall.issue("SVC_C", channel="green")
    assert r.status_code == 409 and error(r)["code"] == "no_green_channel"


def test_bad_requests_get_the_error_shape_and_change_nothing(hall: HallHarness) -> None:
    c = hall.client
    bad_json = c.post(
        f"{API}/tickets", content=b"{not json", headers={**hall.kiosk, "content-type": "application/json"}
    )
    assert bad_json.status_code == 400 and error(bad_json)["message"] == "请求内容不是有效的 JSON"
    extra = c.post(f"{API}/tickets", json={"service": "SVC_A", "hack": 1}, headers=hall.kiosk)
    assert extra.status_code == 400 and error(extra)["code"] == "bad_request"
    huge = c.post(f"{API}/tickets", content=b"x" * 200_000, headers={**hall.kiosk, "content-type": "application/json"})
    assert huge.status_code == 413 and error(huge)["code"] == "body_too_large"
    nowhere = c.get(f"{API}/nowhere")
    assert nowhere.status_code == 404 and error(nowhere)["code"] == "not_found"
    assert sum(s["issued_today"] for s in hall.hall()["services"]) == 0


def test_only_a_kiosk_token_issues_tickets(hall: HallHarness) -> None:
    r = hall.client.post(f"{API}/tickets", json={"service": "SVC_A"})
    assert r.status_code == 401 and error(r)["code"] == "no_token"
    r = hall.client.post(f"{API}/tickets", json={"service": "SVC_A"}, headers={"Authorization": "Bearer forged"})
    assert r.status_code == 401 and error(r)["code"] == "bad_token"
    pad = hall.device("pad", [1])
    r = hall.client.post(f"{API}/tickets", json={"service": "SVC_A"}, headers=pad)
    assert r.status_code == 403 and "取号机" in error(r)["message"]


def test_hall_view_counts_waiting_and_estimates(hall: HallHarness) -> None:
    for _ in range(3):
        hall.issued("SVC_A")
    view = hall.hall()
    a = next(s for s in view["services"] if s["code"] == "SVC_A")
    assert (a["waiting"], a["issued_today"], a["est_wait_min"], a["est_wait_range"]) == (3, 3, 6, [3, 11])
    assert view["name"] == "测试大厅" and view["business_day"] == "2026-03-02"
    assert [w["number"] for w in view["windows"]] == [1, 2, 3, 4]
    assert view["seq"] > 0


def test_openapi_and_docs_are_served(hall: HallHarness) -> None:
    spec = hall.client.get("/openapi.json").json()
    assert "/api/v1/windows/{number}/call-next" in spec["paths"]
    assert hall.client.get("/docs").status_code == 200
