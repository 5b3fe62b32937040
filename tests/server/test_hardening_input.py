"""Issue 15, items 1, 2, 9, 12, 13: no input gives a 5xx, on SQLite and PostgreSQL, logged in or not.

Each request here answered 500 before (a NUL reached PostgreSQL, an id past the column's range reached the
database, loose types slipped through); now each is a 4xx in the error shape with a Chinese sentence, and
nothing was stored."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.errors import assert_refused
from tests.support.harness import API, HallHarness

ADMIN = ("1003", "3333")


def _admin(hall: HallHarness) -> dict[str, str]:
    return hall.login(*ADMIN, window=None)


def test_nul_without_login_is_a_400(hall: HallHarness) -> None:
    r = hall.client.post(f"{API}/auth/login", json={"staff_no": "10\u000001", "pin": "x", "window": 1})
    assert_refused(r, 400, "bad_request", says="控制字符")
    assert_refused(hall.client.get("/t/a%00b"), 400, "bad_request", says="控制字符")
    assert_refused(hall.client.get(f"{API}/staff/a%00b/photo"), 400, "bad_request")
    assert_refused(hall.client.get(f"{API}/tickets/1?track=x%00"), 400, "bad_request")


@pytest.mark.parametrize(
    "text", ["a\u0000b", "响铃\u0007", "\u202e三张", "\u2066隔离"], ids=["nul", "bel", "rlo", "isolate"]
)
def test_control_characters_in_free_text_are_refused_and_not_stored(hall: HallHarness, text: str) -> None:
    clerk = hall.login()
    admin = _admin(hall)
    r = hall.client.post(f"{API}/windows/1/pause", json={"reason": text}, headers=clerk)
    assert_refused(r, 400, "bad_request", says="控制字符")
    r = hall.client.put(f"{API}/hall/notice", json={"text": f"通知{text}"}, headers=admin)
    assert_refused(r, 400, "bad_request")
    r = hall.client.post(f"{API}/tickets", json={"service": "SVC_A", "appointment_code": text}, headers=hall.kiosk)
    assert_refused(r, 400, "bad_request")
    pad = hall.device("pad", [1])
    r = hall.client.post(f"{API}/devices/status", json={"status": "ok", "detail": text}, headers=pad)
    assert_refused(r, 400, "bad_request")
    r = hall.client.post(f"{API}/ratings", json={"ticket_id": 1, "level": 1, "comment": text}, headers=pad)
    assert_refused(r, 400, "bad_request")
    # Nothing of it was stored: the window is not paused, the notice is the hall's own.
    view = hall.hall()
    assert view["notice"] == "测试用大厅"
    assert next(w for w in view["windows"] if w["number"] == 1)["status"] == "open"
    # A plain multi-line text is still fine.
    r = hall.client.put(f"{API}/hall/notice", json={"text": "今日\r\n午休 12:00"}, headers=admin)
    assert r.status_code == 204, r.text


@pytest.mark.parametrize("huge", [2147483648, 9223372036854775808, 0, -1])
def test_ids_outside_the_column_range_are_refused_before_any_query(hall: HallHarness, huge: int) -> None:
    admin = _admin(hall)
    assert_refused(hall.client.get(f"{API}/tickets/{huge}?track=x"), 400, "bad_request")
    r = hall.client.post(f"{API}/cases/{huge}/response", json={"text": "已回访"}, headers=admin)
    assert_refused(r, 400, "bad_request")
    pad = hall.device("pad", [1])
    r = hall.client.post(f"{API}/ratings", json={"ticket_id": huge, "level": 5}, headers=pad)
    assert_refused(r, 400, "bad_request")
    clerk = hall.login()
    assert_refused(hall.client.post(f"{API}/windows/{huge}/call-next", headers=clerk), 400, "bad_request")
    # The same client goes on working (over HTTP the connection is kept: no 500 to drop it).
    assert hall.issued()["number"] == "A001"


def test_loose_types_are_refused(hall: HallHarness) -> None:
    r = hall.client.post(f"{API}/tickets", json={"service": "SVC_A", "priority": "yes"}, headers=hall.kiosk)
    assert_refused(r, 400, "bad_request")
    pad = hall.device("pad", [1])
    r = hall.client.post(f"{API}/ratings", json={"ticket_id": 1, "level": "5"}, headers=pad)
    assert_refused(r, 400, "bad_request")
    r = hall.client.post(f"{API}/auth/login", json={"staff_no": "1001", "pin": "1111", "window": "1"})
    assert_refused(r, 400, "bad_request")
    assert hall.hall()["services"][0]["issued_today"] == 0


def test_device_status_from_an_administrator_is_a_403(hall: HallHarness) -> None:
    r = hall.client.post(f"{API}/devices/status", json={"status": "ok"}, headers=_admin(hall))
    assert_refused(r, 403, "not_a_device")


def test_masking_keeps_a_visible_first_character() -> None:
    from jiaohao.domain.appointments import mask_name

    assert mask_name("\u202e三张") == "三*"
    assert mask_name("\u0000王五") == "王*"


def test_web_forms_drop_control_characters() -> None:
    from server.web.session import strip_control_chars

    assert strip_control_chars("\u202e三张\u0000") == "三张"
    assert strip_control_chars("第一行\r\n第二行") == "第一行\r\n第二行"


def test_bodies_over_the_limit_are_413_streamed_or_not(hall: HallHarness) -> None:
    big = b'{"service": "' + b"a" * 70_000 + b'"}'

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(big), 8192):
            yield big[start : start + 8192]

    headers = {**hall.kiosk, "Content-Type": "application/json"}
    assert_refused(hall.client.post(f"{API}/tickets", content=big, headers=headers), 413, "body_too_large")
    r = hall.client.post(f"{API}/tickets", content=chunks(), headers=headers)
    assert r.request.headers.get("transfer-encoding") == "chunked"
    assert_refused(r, 413, "body_too_large")
    # A small streamed body still gets through whole.
    small = b'{"service": "SVC_A"}'
    r = hall.client.post(f"{API}/tickets", content=iter([small[:5], small[5:]]), headers=headers)
    assert r.status_code == 201, r.text


@pytest.mark.parametrize(
    "body", [b"[" * 5000 + b"]" * 5000, b'{"staff_no": "\xff\xfe", "pin": "1"}'], ids=["deep", "not-utf8"]
)
def test_unreadable_json_is_refused_in_chinese(hall: HallHarness, body: bytes) -> None:
    r = hall.client.post(f"{API}/auth/login", content=body, headers={"Content-Type": "application/json"})
    assert_refused(r, 400, "bad_request", says="JSON")


def test_a_405_names_the_allowed_methods(hall: HallHarness) -> None:
    r = hall.client.request("TRACE", f"{API}/hall")
    assert_refused(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "GET"
    # One path, two routers (GET and DELETE of a booking): the answer names both, not the first route's alone.
    r = hall.client.request("OPTIONS", f"{API}/bookings/ABC123")
    assert_refused(r, 405, "method_not_allowed")
    assert r.headers["allow"] == "DELETE, GET"


def test_report_dates_must_be_written_as_dates(hall: HallHarness) -> None:
    admin = _admin(hall)
    r = hall.client.get(f"{API}/reports/summary?to=0", headers=admin)
    assert_refused(r, 400, "bad_request", says="YYYY-MM-DD")


def test_the_openapi_document_promises_no_422(hall: HallHarness) -> None:
    document = hall.client.get("/openapi.json").json()
    statuses = {code for path in document["paths"].values() for op in path.values() for code in op["responses"]}
    assert "422" not in statuses
    report = document["paths"][f"{API}/reports/summary"]["get"]["responses"]["200"]["content"]
    assert "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" in report
