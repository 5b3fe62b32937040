"""Issue 15, item 8: revocation, logout and a newer login take effect at once, in every process.

Before, each process trusted its token cache for up to 5 s: a revoked kiosk issued 15 more tickets, and on two
PostgreSQL processes a logged-out or superseded clerk went on acting on the other process. Now every change
checks its caller's token again inside the writer's transaction."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.errors import assert_refused
from tests.support.hall import provision, write_hall_file
from tests.support.server_process import ServerProcess

API = "/api/v1"
pytestmark = pytest.mark.slow


def test_a_revoked_kiosk_issues_nothing_more(db_url: str, tmp_path: Path) -> None:
    hall = write_hall_file(tmp_path, prefix="revoke").path
    tokens = provision(db_url, hall, [("kiosk", "kiosk1", [])])
    revoke = [sys.executable, "-m", "jiaohao", "admin", "--db", db_url, "device", "revoke", "--name", "kiosk1"]
    headers = {"Authorization": f"Bearer {tokens['kiosk1']}"}
    with ServerProcess(hall, db_url) as server, httpx.Client(base_url=server.url, headers=headers) as kiosk:
        assert kiosk.post(f"{API}/tickets", json={"service": "SVC_A"}).status_code == 201  # token now cached
        subprocess.run(revoke, check=True, capture_output=True, timeout=120)
        r = kiosk.post(f"{API}/tickets", json={"service": "SVC_A"})
        assert_refused(r, 401, "bad_token")
        hall_view = kiosk.get(f"{API}/hall").json()
    assert next(s for s in hall_view["services"] if s["code"] == "SVC_A")["issued_today"] == 1


def test_logout_and_a_newer_login_end_a_session_on_the_other_process_at_once(pg_url: str, tmp_path: Path) -> None:
    hall = write_hall_file(tmp_path, prefix="two-process-revoke").path
    provision(pg_url, hall, [])
    with ServerProcess(hall, pg_url) as first, ServerProcess(hall, pg_url) as second:
        a, b = httpx.Client(base_url=first.url, timeout=30), httpx.Client(base_url=second.url, timeout=30)
        with a, b:

            def login(staff_no: str, pin: str) -> dict[str, str]:
                r = a.post(f"{API}/auth/login", json={"staff_no": staff_no, "pin": pin, "window": 1})
                assert r.status_code == 200, r.text
                return {"Authorization": f"Bearer {r.json()['token']}"}

            clerk = login("1001", "1111")
            assert b.post(f"{API}/windows/1/resume", headers=clerk).status_code == 200  # cached on the second
            assert a.post(f"{API}/auth/logout", headers=clerk).status_code == 204
            assert_refused(b.post(f"{API}/windows/1/pause", json={"reason": "午休"}, headers=clerk), 401, "bad_token")

            superseded = login("1001", "1111")
            assert b.post(f"{API}/windows/1/resume", headers=superseded).status_code == 200
            newer = login("1002", "2222")  # another clerk sits down at window 1
            for _ in range(3):
                r = b.post(f"{API}/windows/1/pause", json={"reason": "离开"}, headers=superseded)
                assert_refused(r, 401, "bad_token")
            window = next(w for w in b.get(f"{API}/hall").json()["windows"] if w["number"] == 1)
            assert window["status"] == "open" and window["staff_no"] == "1002"
            assert b.post(f"{API}/windows/1/pause", json={"reason": "离开"}, headers=newer).status_code == 200
