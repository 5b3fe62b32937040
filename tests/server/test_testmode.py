"""The server's test mode exists only when asked for: a hall's server never has a clock a request can move."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jiaohao.domain.clock import ManualClock
from server import testmode
from server.app import create_app
from server.runtime import ServerSettings
from tests.support.errors import assert_refused
from tests.support.harness import API, HallHarness


def test_the_test_clock_needs_test_mode_and_a_time_zone() -> None:
    when = "2026-03-02T02:00:00+00:00"
    assert testmode.clock_from_env({"JIAOHAO_TEST_CLOCK": when}) is None  # ignored outside test mode
    clock = testmode.clock_from_env({"JIAOHAO_TEST_MODE": "1", "JIAOHAO_TEST_CLOCK": when})
    assert clock is not None and clock.now() == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="time zone"):
        testmode.clock_from_env({"JIAOHAO_TEST_MODE": "1", "JIAOHAO_TEST_CLOCK": "2026-03-02T10:00:00"})


def test_without_test_mode_there_is_no_clock_to_move(hall_config: Any, clock: ManualClock, db_url: str) -> None:
    with TestClient(create_app(hall_config, ServerSettings(db_url=db_url, clock=clock))) as client:
        r = client.put(f"{API}/test/clock", json={"advance_s": 3600})
        assert_refused(r, 404, "not_found")
    assert clock.now() == datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_moving_the_clock_runs_what_the_clock_drives(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    pad = hall.device("pad", [1])
    ticket = hall.issued("SVC_A")
    hall.act(1, "call-next", clerk)
    hall.act(1, "finish", clerk)
    bad = {"ticket_id": ticket["id"], "level": 1, "reasons": ["服务态度"]}
    rated = hall.client.post(f"{API}/ratings", json=bad, headers=pad)
    assert rated.status_code == 201 and rated.json()["case"] is not None  # a 差评: answer within the hour
    start = hall.hall()["seq"]
    hall.advance(timedelta(minutes=61))  # the sweep runs before the answer: the case is overdue now
    assert [e["type"] for e in hall.events_since(start)] == ["case.overdue"]
    assert_refused(hall.client.put(f"{API}/test/clock", json={"advance_s": -60}), 409, "clock_backwards")
    assert_refused(hall.client.put(f"{API}/test/clock", json={}), 400, "bad_clock")
