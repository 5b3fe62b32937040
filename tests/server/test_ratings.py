"""好差评 on the server: one rating per served ticket, from that window's pad, in time; 差评 opens a case."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.support.harness import API, HallHarness


def serve_one(hall: HallHarness, window: int = 1, clerk: dict[str, str] | None = None) -> dict[str, Any]:
    clerk = clerk or hall.login("1001", "1111", window=window)
    ticket = hall.issued("SVC_A")
    hall.act(window, "call-next", clerk)
    hall.act(window, "finish", clerk)
    return ticket


def rate(hall: HallHarness, pad: dict[str, str], ticket_id: int, level: int, **extra: Any) -> Any:
    return hall.client.post(f"{API}/ratings", json={"ticket_id": ticket_id, "level": level, **extra}, headers=pad)


def sweep(hall: HallHarness) -> tuple[int, int]:
    runtime = hall.runtime
    assert runtime.writer is not None
    return runtime.writer.call(lambda uow: runtime.ratings.sweep(uow, hall.clock.now()))


def test_finish_requests_a_rating_on_that_windows_pad_and_a_good_rating_is_kept(hall: HallHarness) -> None:
    pad = hall.device("pad", [1])
    with hall.client.websocket_connect(f"{API}/events?since={hall.hall()['seq']}&window=1") as ws:
        ticket = serve_one(hall)
        requested = None
        while requested is None:
            event = json.loads(ws.receive_text())
            if event["type"] == "rating.requested":
                requested = event["data"]
    assert (requested["number"], requested["ticket_id"]) == (ticket["number"], ticket["id"])
    r = rate(hall, pad, ticket["id"], 5)
    assert r.status_code == 201 and r.json()["case"] is None
    again = rate(hall, pad, ticket["id"], 4)
    assert again.status_code == 409 and "已经评价过了" in again.json()["error"]["message"]


def test_a_bad_rating_needs_a_reason_and_opens_a_case_with_a_deadline(hall: HallHarness) -> None:
    pad = hall.device("pad", [1])
    ticket = serve_one(hall)
    r = rate(hall, pad, ticket["id"], 2)
    assert r.status_code == 400 and r.json()["error"]["message"] == "请选择不满意的原因（可多选）"
    r = rate(hall, pad, ticket["id"], 2, reasons=["随便写的"])
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_reason"
    r = rate(hall, pad, ticket["id"], 1, reasons=["办事效率", "服务态度"], comment="等了很久")
    assert r.status_code == 201
    case = r.json()["case"]
    assert case["owner"] == "1002"  # the first supervisor
    assert case["deadline"].startswith("2026-03-02T03:00:00")  # test hall: 1 hour to respond
    supervisor = hall.login("1002", "2222", window=None)
    listed = hall.client.get(f"{API}/cases", params={"status": "open"}, headers=supervisor).json()
    assert [(c["number"], c["level"], c["reasons"], c["comment"]) for c in listed] == [
        ("A001", 1, ["服务态度", "办事效率"], "等了很久")
    ]


def test_only_the_pad_of_the_serving_window_may_rate(hall: HallHarness) -> None:
    other_pad = hall.device("pad", [2])
    kiosk = hall.kiosk
    ticket = serve_one(hall)
    r = rate(hall, other_pad, ticket["id"], 5)
    assert r.status_code == 403 and r.json()["error"]["message"] == "只能评价在本窗口办理的业务"
    assert rate(hall, kiosk, ticket["id"], 5).status_code == 403


def test_a_late_rating_is_refused_and_the_service_is_recorded_unrated(hall: HallHarness) -> None:
    pad = hall.device("pad", [1])
    ticket = serve_one(hall)
    hall.clock.advance(timedelta(minutes=2, seconds=1))  # the test hall allows 2 minutes
    r = rate(hall, pad, ticket["id"], 5)
    assert r.status_code == 409 and r.json()["error"]["code"] == "rating_closed"
    assert sweep(hall) == (1, 0)
    assert sweep(hall) == (0, 0)  # recorded once


def test_rating_before_finish_is_refused(hall: HallHarness) -> None:
    pad = hall.device("pad", [1])
    clerk = hall.login("1001", "1111", window=1)
    ticket = hall.issued("SVC_A")
    hall.act(1, "call-next", clerk)
    r = rate(hall, pad, ticket["id"], 5)
    assert r.status_code == 409 and r.json()["error"]["code"] == "not_finished"


def test_clerk_can_ask_the_pad_again(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    ticket = serve_one(hall, clerk=clerk)
    r = hall.client.post(f"{API}/windows/1/rating-request", headers=clerk)
    assert r.status_code == 200 and r.json()["number"] == ticket["number"]
    other = hall.login("1002", "2222", window=2)
    r = hall.client.post(f"{API}/windows/2/rating-request", headers=other)
    assert r.status_code == 409 and r.json()["error"]["code"] == "nothing_to_rate"


def test_case_goes_open_responded_closed_and_overdue_is_noticed_once(hall: HallHarness) -> None:
    pad = hall.device("pad", [1])
    ticket = serve_one(hall)
    case_id = rate(hall, pad, ticket["id"], 2, reasons=["业务水平"]).json()["case"]["id"]
    supervisor = hall.login("1002", "2222", window=None)
    clerk_token = hall.login("1001", "1111", window=3)
    r = hall.client.post(f"{API}/cases/{case_id}/close", json={"text": "已整改"}, headers=supervisor)
    assert r.status_code == 409 and r.json()["error"]["code"] == "case_state"
    assert hall.client.get(f"{API}/cases", headers=clerk_token).status_code == 403
    with hall.client.websocket_connect(f"{API}/events?since={hall.hall()['seq']}") as ws:
        hall.clock.advance(timedelta(hours=1, minutes=1))
        assert sweep(hall) == (0, 1)
        overdue = json.loads(ws.receive_text())
    assert overdue["type"] == "case.overdue" and overdue["data"]["case_id"] == case_id
    assert sweep(hall) == (0, 0)
    supervisor = hall.login("1002", "2222", window=None)  # the test hall's logins last one hour
    r = hall.client.post(
        f"{API}/cases/{case_id}/response", json={"text": "已电话回访，群众表示理解"}, headers=supervisor
    )
    assert r.status_code == 200 and r.json()["status"] == "responded" and r.json()["overdue"] is True
    r = hall.client.post(f"{API}/cases/{case_id}/close", json={"text": "窗口人员已培训"}, headers=supervisor)
    assert r.json()["status"] == "closed" and r.json()["result"] == "窗口人员已培训"


def test_default_level_when_configured(hall_config: Any, clock: Any, db_url: str) -> None:
    policy = hall_config.policy.model_copy(update={"rating_default_level": 5})
    with HallHarness.start(hall_config.model_copy(update={"policy": policy}), clock, db_url) as hall:
        serve_one(hall)
        hall.clock.advance(timedelta(minutes=3))
        assert sweep(hall) == (1, 0)
        from sqlalchemy import select

        from server.storage.models import Rating

        with hall.runtime.read_engine.connect() as conn:
            assert conn.execute(select(Rating.level, Rating.source)).all() == [(5, "default")]


def test_export_gives_gb_records_with_the_standards_numbering(hall: HallHarness, db_url: str, tmp_path: Any) -> None:
    from click.testing import CliRunner

    from jiaohao.cli import main

    pad = hall.device("pad", [1])
    clerk = hall.login("1001", "1111", window=1)
    good = serve_one(hall, clerk=clerk)
    bad = serve_one(hall, clerk=clerk)
    unrated = serve_one(hall, clerk=clerk)
    rate(hall, pad, good["id"], 5)
    rate(hall, pad, bad["id"], 1, reasons=["服务态度"], comment="态度生硬")
    hall.clock.advance(timedelta(minutes=3))
    sweep(hall)  # the third becomes 'unrated' and is not exported as a rating
    config = str(Path(__file__).parent.parent / "fixtures" / "allday_hall.toml")
    args = ["admin", "--db", db_url, "export-ratings", "--from", "2026-03-02", "--to", "2026-03-02", "--config", config]
    result = CliRunner().invoke(main, [*args, "--format", "jsonl"], catch_exceptions=False)
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["办件编号"] for r in records] == [
        f"test-hall-20260302-{good['number']}",
        f"test-hall-20260302-{bad['number']}",
    ]
    assert [(r["满意度"], r["满意度名称"]) for r in records] == [(1, "非常满意"), (5, "非常不满意")]
    assert records[1]["文字评价"] == "服务态度；态度生硬"
    assert records[0]["评价时间"] == "20260302T100000"  # local time, the standard's format
    assert (records[0]["行政区划"], records[0]["事项"], records[0]["窗口"], records[0]["工号"]) == (
        "110101",
        "业务A",
        "1号窗口",
        "1001",
    )
    assert unrated["number"] not in result.output
    out = tmp_path / "r.csv"
    CliRunner().invoke(main, [*args, "--out", str(out)], catch_exceptions=False)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert (
        lines[0] == "办件编号,评价渠道,评价时间,满意度,满意度名称,文字评价,行政区划,事项编码,事项,窗口,工号"
        and len(lines) == 3
    )


def test_the_public_event_stream_never_carries_what_a_citizen_wrote(hall: HallHarness) -> None:
    pad = hall.device("pad", [1])
    ticket = serve_one(hall)
    start = hall.hall()["seq"]
    rate(hall, pad, ticket["id"], 1, reasons=["服务态度"], comment="等了很久")
    with hall.client.websocket_connect(f"{API}/events?since={start}") as ws:
        events = [json.loads(ws.receive_text()) for _ in range(2)]
    assert [e["type"] for e in events] == ["rating.recorded", "case.opened"]
    text = json.dumps(events, ensure_ascii=False)
    assert "等了很久" not in text and "服务态度" not in text and "1001" not in text


def test_a_rating_pressed_in_time_replaces_the_unrated_record_the_sweep_wrote(hall: HallHarness) -> None:
    pad = hall.device("pad", [1])
    ticket = serve_one(hall)
    pressed = hall.clock.now() + timedelta(minutes=1)
    hall.clock.advance(timedelta(minutes=3))  # past the 2-minute window: the sweep records 'unrated'
    assert sweep(hall) == (1, 0)
    r = rate(hall, pad, ticket["id"], 4, rated_at=pressed.isoformat())
    assert r.status_code == 201
    assert rate(hall, pad, ticket["id"], 5, rated_at=pressed.isoformat()).status_code == 409  # only once
    too_late = serve_one(hall)
    hall.clock.advance(timedelta(minutes=3))
    sweep(hall)
    r = rate(hall, pad, too_late["id"], 5, rated_at=hall.clock.now().isoformat())
    assert r.status_code == 409 and r.json()["error"]["code"] == "rating_closed"
