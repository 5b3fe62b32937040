"""`GET /hall` is kept encoded between events (server.hall_view): it must still never show a screen a hall older
than what the hall already answered, and its clock must be the request's own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.support.live import start_live_hall

pytestmark = pytest.mark.slow

TEN = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai, a Monday
DEVICES = [("kiosk", "kiosk", []), ("caller", "caller", [1, 2])]


def waiting(view: dict[str, object], service: str = "SVC_A") -> int:
    services = view["services"]
    assert isinstance(services, list)
    (found,) = [s for s in services if s["code"] == service]
    return int(found["waiting"])


def test_every_answer_is_as_new_as_the_last_change_and_the_clock_is_the_requests(tmp_path: Path) -> None:
    with start_live_hall(tmp_path, DEVICES, prefix="view-test", clock=TEN) as live:
        kiosk, clerk = live.api(), live.clerk(1)
        with httpx.Client(base_url=f"{live.url}/api/v1", timeout=10) as http:
            first = http.get("/hall")
            assert first.status_code == 200 and first.headers["content-type"] == "application/json"
            again = http.get("/hall")
            assert again.content == first.content  # nothing happened, the test clock stood still: the same bytes

            # Each change is in the very next answer: the kept view is dropped with the event's number.
            view = first.json()
            for k in range(12):
                before_seq, before_waiting = view["seq"], waiting(view)
                if k % 3 == 2:
                    clerk.call_next(1)
                    expected = before_waiting - 1
                else:
                    kiosk.issue_ticket("SVC_A")
                    expected = before_waiting + 1
                view = http.get("/hall").json()
                assert waiting(view) == expected, (k, view["seq"])
                assert view["seq"] > before_seq

            supervisor = live.supervisor()
            headers = {"Authorization": f"Bearer {supervisor.token}"}
            r = http.put("/hall/notice", json={"text": "今日下午系统维护，请提前取号"}, headers=headers)
            assert r.status_code == 204, r.text
            assert http.get("/hall").json()["notice"] == "今日下午系统维护，请提前取号"

            # The clock moves with nothing else happening: the kept view, and the request's own time.
            kept = http.get("/hall").json()
            later = live.advance(timedelta(seconds=7), sweep=False)
            moved = http.get("/hall").json()
            assert datetime.fromisoformat(moved["now"]) == later
            assert datetime.fromisoformat(moved["now"]) - datetime.fromisoformat(kept["now"]) == timedelta(seconds=7)
            assert {k: v for k, v in moved.items() if k != "now"} == {k: v for k, v in kept.items() if k != "now"}
