"""Two server processes on one PostgreSQL database (DESIGN §7): one hall, no duplicate, every event everywhere."""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import connect

from tests.support.hall import provision, write_hall_file
from tests.support.server_process import ServerProcess

FIXTURES = Path(__file__).parent.parent / "fixtures"
API = "/api/v1"
pytestmark = pytest.mark.slow


def eight_windows(tmp_path: Path) -> Path:
    extra = [(5, ["SVC_A"]), (6, ["SVC_B"]), (7, ["SVC_A"]), (8, ["SVC_B"])]
    return write_hall_file(tmp_path, prefix="multiprocess-test", windows=extra).path


def test_two_processes_32_clients_no_duplicate_and_every_subscriber_sees_every_call_in_order(
    pg_url: str, tmp_path: Path
) -> None:
    config = eight_windows(tmp_path)
    kiosks = [("kiosk", f"kiosk{k}", []) for k in range(16)]
    callers = [("caller", f"caller{w}", [w]) for w in range(1, 9)]
    tokens = provision(pg_url, config, kiosks + callers)
    per_kiosk = 12
    total = 16 * per_kiosk
    issued: list[dict[str, Any]] = []
    called: list[int] = []
    failures: list[str] = []
    lock = threading.Lock()
    kiosks_done = threading.Event()

    with ServerProcess(config, pg_url) as one, ServerProcess(config, pg_url) as two:
        servers = [one, two]
        with httpx.Client(base_url=one.url) as c:
            for w in range(1, 9):
                no, pin = (("1001", "1111"), ("1002", "2222"), ("1003", "3333"))[w % 3]
                assert c.post(f"{API}/auth/login", json={"staff_no": no, "pin": pin, "window": w}).status_code == 200
            start_seq = c.get(f"{API}/hall").json()["seq"]

        # Eight subscribers, four on each process, each collecting ticket.called events.
        seen: list[list[dict[str, Any]]] = [[] for _ in range(8)]
        subscribed = threading.Barrier(9)

        def subscriber(i: int) -> None:
            url = servers[i % 2].url.replace("http", "ws") + f"{API}/events?since={start_seq}"
            with connect(url, open_timeout=20) as ws:
                subscribed.wait(timeout=30)
                while sum(1 for e in seen[i] if e["type"] == "ticket.called") < total:
                    seen[i].append(json.loads(ws.recv(timeout=60)))

        def kiosk(k: int) -> None:
            server = servers[k % 2]
            with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {tokens[f'kiosk{k}']}"}) as c:
                for i in range(per_kiosk):
                    # Holders are compared as digits ("k1-11" and "k11-1" are one person): a phone-like id each.
                    body = {"service": ("SVC_A", "SVC_B")[i % 2], "holder_id": f"139{k:04d}{i:04d}"}
                    r = c.post(f"{API}/tickets", json=body, timeout=30)
                    with lock:
                        (issued.append(r.json()) if r.status_code == 201 else failures.append(r.text))

        def window(w: int) -> None:
            server = servers[w % 2]
            headers = {"Authorization": f"Bearer {tokens[f'caller{w}']}"}
            with httpx.Client(base_url=server.url, headers=headers, timeout=30) as c:
                idle = 0
                while idle < 2:
                    done = kiosks_done.is_set()
                    r = c.post(f"{API}/windows/{w}/call-next")
                    if r.status_code == 200:
                        with lock:
                            called.append(r.json()["ticket"]["id"])
                        c.post(f"{API}/windows/{w}/finish")
                    elif r.status_code == 204:
                        idle += 1 if done else 0
                        kiosks_done.wait(0.01)
                    else:
                        with lock:
                            failures.append(r.text)
                        return

        subs = [threading.Thread(target=subscriber, args=(i,)) for i in range(8)]
        for t in subs:
            t.start()
        subscribed.wait(timeout=30)
        workers = [threading.Thread(target=kiosk, args=(k,)) for k in range(16)]
        windows = [threading.Thread(target=window, args=(w,)) for w in range(1, 9)]
        for t in workers + windows:
            t.start()
        for t in workers:
            t.join(timeout=180)
        kiosks_done.set()
        for t in windows + subs:
            t.join(timeout=180)
        assert not any(t.is_alive() for t in workers + windows + subs), "a client hung"

    assert failures == []
    numbers = [t["number"] for t in issued]
    assert len(issued) == total and len(set(numbers)) == total
    assert Counter(called) == Counter(t["id"] for t in issued)  # every ticket called once
    reference = [e["seq"] for e in seen[0]]
    for events in seen:
        seqs = [e["seq"] for e in events]
        assert seqs == sorted(set(seqs)), "out of order or duplicated"
        assert seqs == list(range(start_seq + 1, start_seq + 1 + len(seqs))), "a gap"
        calls = [e["data"]["id"] for e in events if e["type"] == "ticket.called"]
        assert Counter(calls) == Counter(called)
    # Every subscriber, on either process, saw the same log.
    assert all([e["seq"] for e in events][: len(reference)] == reference[: len(events)] for events in seen)


def test_a_configuration_change_on_one_process_is_followed_by_the_other(pg_url: str, tmp_path: Path) -> None:
    config = write_hall_file(tmp_path, prefix="multiprocess-test").path
    tokens = provision(pg_url, config, [("kiosk", "kiosk", [])])
    kiosk = {"Authorization": f"Bearer {tokens['kiosk']}"}
    with ServerProcess(config, pg_url) as one, ServerProcess(config, pg_url) as two:
        with httpx.Client(base_url=one.url) as c:
            login = c.post(f"{API}/auth/login", json={"staff_no": "1003", "pin": "3333", "window": None})
            admin = {"Authorization": f"Bearer {login.json()['token']}"}
            since = c.get(f"{API}/hall").json()["seq"]
            new = {"name": "公积金提取", "prefix": "G", "hours": ["00:00-24:00"]}
            assert c.put(f"{API}/config/services/GJJ", json=new, headers=admin).status_code == 200
        with httpx.Client(base_url=two.url) as c:
            r = c.post(f"{API}/tickets", json={"service": "GJJ"}, headers=kiosk)  # the other process's writer
            assert r.status_code == 201, r.text
            assert r.json()["number"] == "G001"
            assert any(s["code"] == "GJJ" for s in c.get(f"{API}/hall").json()["services"])
            with connect(two.url.replace("http", "ws") + f"{API}/events?since={since}", open_timeout=20) as ws:
                first = json.loads(ws.recv(timeout=20))
            assert first["type"] == "config.changed" and first["data"]["changed"] == ["services.GJJ"]
