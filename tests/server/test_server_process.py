"""The real server process under concurrent load, and after kill -9."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.event_log import assert_gapless, read_log
from tests.support.hall import provision, write_hall_file
from tests.support.internals import stored_numbers
from tests.support.server_process import ServerProcess

API = "/api/v1"


@pytest.fixture
def eight_window_hall(tmp_path: Path) -> Path:
    """The all-day test hall with four more windows, so that eight windows can call at once."""
    extra = [(5, ["SVC_A"]), (6, ["SVC_B"]), (7, ["SVC_C"]), (8, ["SVC_A", "SVC_B", "SVC_C"])]
    return write_hall_file(tmp_path, prefix="process-test", windows=extra).path


pytestmark = pytest.mark.slow


def test_four_kiosks_and_eight_windows_serve_every_ticket_exactly_once(eight_window_hall: Path, db_url: str) -> None:
    db = db_url
    devices = [("kiosk", f"kiosk{k}", []) for k in range(4)] + [("caller", f"caller{w}", [w]) for w in range(1, 9)]
    tokens = provision(db, eight_window_hall, devices)
    per_kiosk = 60
    issued: list[dict[str, Any]] = []
    served: list[int] = []
    failures: list[str] = []
    lock = threading.Lock()
    kiosks_done = threading.Event()

    with ServerProcess(eight_window_hall, db) as server:
        # Windows must be open: a caller device acts for a window whose clerk has logged in.
        with httpx.Client(base_url=server.url) as c:
            staff = [("1001", "1111"), ("1002", "2222"), ("1003", "3333")] * 3
            for window, (no, pin) in zip(range(1, 9), staff[:8], strict=True):
                r = c.post(f"{API}/auth/login", json={"staff_no": no, "pin": pin, "window": window})
                assert r.status_code == 200, r.text

        def kiosk(k: int) -> None:
            with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {tokens[f'kiosk{k}']}"}) as c:
                for i in range(per_kiosk):
                    service = ("SVC_A", "SVC_B", "SVC_A", "SVC_B")[i % 4]
                    body: dict[str, Any] = {"service": service, "holder_id": f"139{k:04d}{i:04d}"}  # digits: one each
                    if i % 10 == 0:
                        body["channel"] = "green"
                    r = c.post(f"{API}/tickets", json=body)
                    with lock:
                        if r.status_code == 201:
                            issued.append(r.json())
                        else:
                            failures.append(f"issue {r.status_code} {r.text}")

        def window(w: int) -> None:
            headers = {"Authorization": f"Bearer {tokens[f'caller{w}']}"}
            with httpx.Client(base_url=server.url, headers=headers) as c:
                empty_after_done = 0
                while empty_after_done < 2:
                    finished_kiosks = kiosks_done.is_set()
                    r = c.post(f"{API}/windows/{w}/call-next")
                    if r.status_code == 200:
                        ticket_id = r.json()["ticket"]["id"]
                        f = c.post(f"{API}/windows/{w}/finish")
                        with lock:
                            served.append(ticket_id)
                            if f.status_code != 200:
                                failures.append(f"finish {f.status_code} {f.text}")
                    elif r.status_code == 204:
                        if finished_kiosks:
                            empty_after_done += 1
                        else:
                            kiosks_done.wait(0.01)  # nothing queued yet: let the kiosks catch up
                    else:
                        with lock:
                            failures.append(f"call-next {r.status_code} {r.text}")
                        return

        kiosk_threads = [threading.Thread(target=kiosk, args=(k,)) for k in range(4)]
        window_threads = [threading.Thread(target=window, args=(w,)) for w in range(1, 9)]
        for t in kiosk_threads + window_threads:
            t.start()
        for t in kiosk_threads:
            t.join(timeout=120)
        kiosks_done.set()
        for t in window_threads:
            t.join(timeout=120)
        assert not any(t.is_alive() for t in kiosk_threads + window_threads), "a client hung"

        with httpx.Client(base_url=server.url) as c:
            hall = c.get(f"{API}/hall").json()

    assert failures == []
    assert len(issued) == 4 * per_kiosk
    numbers = [t["number"] for t in issued]
    assert len(set(numbers)) == len(numbers), [n for n, k in Counter(numbers).items() if k > 1]
    assert Counter(served) == Counter(t["id"] for t in issued)  # every ticket once, none twice
    assert all(s["waiting"] == 0 for s in hall["services"])
    # Numbers are dense: A001…A120 and B0001…B0120, nothing skipped or reused.
    a = sorted(int(n[1:]) for n in numbers if n.startswith("A"))
    b = sorted(int(n[1:]) for n in numbers if n.startswith("B"))
    assert a == list(range(1, 121)) and b == list(range(1, 121))


def test_kill_9_loses_no_answered_ticket_and_reuses_no_number(db_url: str, tmp_path: Path) -> None:
    # The whole event log is read back through the stream, so the hall replays all of it rather than a snapshot.
    hall = write_hall_file(tmp_path, prefix="kill9-test", policy={"snapshot_after_events": "100000"})
    config = hall.path
    db = db_url
    tokens = provision(db, config, [("kiosk", f"kiosk{k}", []) for k in range(3)])
    answered: list[dict[str, Any]] = []
    lock = threading.Lock()
    enough = threading.Event()
    stop = threading.Event()

    server = ServerProcess(config, db).start()

    def kiosk(k: int) -> None:
        with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {tokens[f'kiosk{k}']}"}) as c:
            while not stop.is_set():
                try:
                    r = c.post(f"{API}/tickets", json={"service": "SVC_A"}, timeout=5)
                except httpx.TransportError:
                    return  # the server is gone; whatever had no answer was never promised
                if r.status_code == 201:
                    with lock:
                        answered.append(r.json())
                        if len(answered) >= 60:
                            enough.set()

    threads = [threading.Thread(target=kiosk, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    assert enough.wait(60), "kiosks could not issue 60 tickets"
    server.kill9()  # mid-stream: the kiosks are still issuing
    stop.set()
    for t in threads:
        t.join(timeout=30)

    # What the database holds after the kill, whether or not its answer reached a kiosk.
    stored = sorted(seq for _day, service, seq in stored_numbers(db, hall.hall_id) if service == "SVC_A")
    with ServerProcess(config, db) as again, httpx.Client(base_url=again.url) as c:
        for ticket in answered:
            r = c.get(f"{API}/tickets/{ticket['id']}", params={"track": ticket["track_token"]})
            assert r.status_code == 200, f"{ticket['number']} was answered 201 but is gone after kill -9"
            assert r.json()["number"] == ticket["number"]
        kiosk_headers = {"Authorization": f"Bearer {tokens['kiosk0']}"}
        after = c.post(f"{API}/tickets", json={"service": "SVC_A"}, headers=kiosk_headers).json()
        log = read_log(again.url, 0)
    assert stored == list(range(1, len(stored) + 1)), "numbers skipped or doubled by the kill"
    assert {int(t["number"][1:]) for t in answered} <= set(stored)
    assert after["number"] == f"A{max(stored) + 1:03d}", "the first number after the restart is not the next one"
    # The event log went on gapless through the kill, and it holds every stored ticket, each once.
    assert_gapless(log, 0)
    issued = [e["data"]["number"] for e in log if e["type"] == "ticket.issued"]
    assert issued == [f"A{n:03d}" for n in [*stored, max(stored) + 1]]
