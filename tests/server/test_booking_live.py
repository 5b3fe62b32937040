"""Booking against real server processes: capacity under concurrent bookings (one process on SQLite, two on
one PostgreSQL database), and reminders reaching the SMS/webhook simulator in order, with retries."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from server.notify.simulator import NotifySimulator
from tests.support.booking import SMS_SECRET, WEBHOOK_SECRET, reminder_env, write_booking_hall
from tests.support.hall import MORNING, provision
from tests.support.server_process import ServerProcess

API = "/api/v1"
pytestmark = pytest.mark.slow


def book_all_at_once(urls: list[str], n: int, day: str, slot: str) -> Counter[int]:
    """`n` citizens press 预约 for one slot at the same moment, spread over the server processes."""
    statuses: Counter[int] = Counter()
    messages: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(n)

    def citizen(i: int) -> None:
        body = {"service": "SVC_A", "date": day, "slot": slot, "name": "张三", "phone": f"1380000{i:04d}"}
        with httpx.Client(base_url=urls[i % len(urls)], timeout=30) as client:
            start.wait(timeout=30)
            r = client.post(f"{API}/bookings", json=body)
        with lock:
            statuses[r.status_code] += 1
            if r.status_code == 409:
                messages.append(r.json()["error"]["message"])

    threads = [threading.Thread(target=citizen, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all("已约满" in m for m in messages), messages
    return statuses


def test_twenty_simultaneous_bookings_for_a_slot_of_five(db_url: str, tmp_path: Path) -> None:
    hall = write_booking_hall(tmp_path, capacity=5)
    provision(db_url, hall.path, [], MORNING)
    processes = 2 if db_url.startswith("postgresql") else 1  # several processes share only PostgreSQL
    with ExitStack() as stack:
        servers = [stack.enter_context(ServerProcess(hall.path, db_url, clock=MORNING)) for _ in range(processes)]
        statuses = book_all_at_once([s.url for s in servers], 20, "2026-03-04", "09:00-09:30")
        assert statuses == Counter({201: 5, 409: 15})
        for server in servers:
            slots = httpx.get(f"{server.url}{API}/bookings/slots", params={"service": "SVC_A", "date": "2026-03-04"})
            assert slots.json()[0] == {"slot": "09:00-09:30", "capacity": 5, "left": 0}


@pytest.fixture
def simulator() -> Iterator[NotifySimulator]:
    sim = NotifySimulator(sms_secret=SMS_SECRET, webhook_secret=WEBHOOK_SECRET).start()
    yield sim
    sim.close()


@pytest.mark.parametrize("channel", ["aliyun_sms", "webhook"])
def test_reminders_reach_the_provider_in_order_with_retries(
    channel: str, simulator: NotifySimulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.hall import sqlite_database

    for name, value in reminder_env(channel).items():
        monkeypatch.setenv(name, value)
    hall = write_booking_hall(tmp_path, reminders=channel, notify_url=simulator.url)
    db_url = sqlite_database(tmp_path, hall.config)
    provision(db_url, hall.path, [], MORNING)
    simulator.fail_next(2)  # the provider is down for the first two attempts
    with ServerProcess(hall.path, db_url, clock=MORNING) as server, httpx.Client(base_url=server.url) as client:
        body = {"service": "SVC_A", "date": "2026-03-04", "slot": "09:00-09:30", "name": "李四", "phone": "13912345678"}
        r = client.post(f"{API}/bookings", json=body)
        assert r.status_code == 201, r.text  # the booking does not wait for the provider
        code = r.json()["code"]
        server.advance(timedelta(seconds=1))  # attempt 1: fails
        server.advance(timedelta(seconds=30))  # attempt 2 after 30 s: fails
        server.advance(timedelta(seconds=30))  # not yet: the back-off doubled to 60 s
        assert len(simulator.received) == 2
        server.advance(timedelta(seconds=30))  # attempt 3: sent
        first = simulator.wait_for(3)
        assert [m.ok for m in first] == [False, False, True]
        confirmed = first[-1]
        assert confirmed.phone == "13912345678" and confirmed.params["code"] == code
        assert confirmed.kind_or_template == ("SMS_1001" if channel == "aliyun_sms" else "confirmed")
        assert confirmed.params["slot"] == "09:00-09:30" and confirmed.params["come_from"] == "08:55"

        server.set_clock(MORNING.replace(day=3, hour=10))  # 18:00 on 3 March in Shanghai: the day before
        day_before = simulator.wait_for(4)[-1]
        assert day_before.ok and day_before.kind_or_template in ("SMS_1002", "day_before")

        supervisor = client.post(f"{API}/auth/login", json={"staff_no": "1002", "pin": "2222", "window": None})
        headers = {"Authorization": f"Bearer {supervisor.json()['token']}"}
        listed = client.get(f"{API}/reminders", headers=headers).json()
        assert [(m["kind"], m["status"], m["attempts"]) for m in listed] == [
            ("day_before", "sent", 1),
            ("confirmed", "sent", 3),
        ]
        assert listed[1]["recipient_masked"] == "139****5678" and "13912345678" not in str(listed)


def test_on_the_system_clock_a_booking_wakes_the_sender_at_once(
    simulator: NotifySimulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without test mode nobody moves a clock: the booking itself wakes the sender (waited for on the
    simulator's condition, not by sleeping)."""
    from datetime import date

    from tests.support.hall import sqlite_database

    for name, value in reminder_env("webhook").items():
        monkeypatch.setenv(name, value)
    hall = write_booking_hall(tmp_path, reminders="webhook", notify_url=simulator.url)
    db_url = sqlite_database(tmp_path, hall.config)
    provision(db_url, hall.path, [])
    day = date.today() + timedelta(days=2)
    while day.isoweekday() > 5:  # SVC_A takes bookings on weekdays
        day += timedelta(days=1)
    with ServerProcess(hall.path, db_url) as server:
        body = {
            "service": "SVC_A",
            "date": day.isoformat(),
            "slot": "16:30-17:00",
            "name": "周七",
            "phone": "13612345678",
        }
        r = httpx.post(f"{server.url}{API}/bookings", json=body, timeout=30)
        assert r.status_code == 201, r.text
        confirmed = simulator.wait_for(1, timeout=20)[0]
        assert confirmed.ok and confirmed.params["code"] == r.json()["code"]
