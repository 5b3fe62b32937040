"""Drive the real ASGI app in-process (Starlette's TestClient): devices, logins and the calls a hall makes.

The app runs on a `ManualClock` with the same test-mode clock route as a real server process in test mode
(`PUT /api/v1/test/clock`), so a test moves time and the clock-driven rounds run before the answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi.testclient import TestClient

from jiaohao.domain.clock import ManualClock
from jiaohao.domain.config import HallConfig
from server import testmode
from server.app import create_app
from server.runtime import HallRuntime, ServerSettings

from .internals import add_devices

API = "/api/v1"


def add_device(db_url: str, kind: str, name: str, windows: list[int], clock: ManualClock) -> str:
    return add_devices(db_url, [(kind, name, windows)], clock.now())[name]


class HallHarness:
    def __init__(
        self, client: TestClient, config: HallConfig, clock: ManualClock, db_url: str, generation: int = 0
    ) -> None:
        self.client = client
        self.config = config
        self.clock = clock
        self.db_url = db_url
        self._generation = generation  # how many times the app was restarted on this database
        self._devices = 0
        self.kiosk = self.device("kiosk")

    @classmethod
    @contextmanager
    def start(cls, config: HallConfig, clock: ManualClock, db_url: str, generation: int = 0) -> Iterator[HallHarness]:
        """The app on `db_url`; start it again on the same database (a restart) with the next `generation`."""
        app = create_app(config, ServerSettings(db_url=db_url, public_url="http://hall.test", clock=clock))
        testmode.install(app, clock)
        with TestClient(app) as client:
            yield cls(client, config, clock, db_url, generation)

    @property
    def runtime(self) -> HallRuntime:
        runtime: HallRuntime = self.client.app.state.runtime  # type: ignore[attr-defined]
        return runtime

    def device(self, kind: str, windows: list[int] | None = None) -> dict[str, str]:
        self._devices += 1
        suffix = f"-r{self._generation}" if self._generation else ""  # device names are unique in a database
        token = add_device(self.db_url, kind, f"{kind}-{self._devices}{suffix}", windows or [], self.clock)
        return {"Authorization": f"Bearer {token}"}

    def login(self, staff_no: str = "1001", pin: str = "1111", window: int | None = 1) -> dict[str, str]:
        r = self.client.post(f"{API}/auth/login", json={"staff_no": staff_no, "pin": pin, "window": window})
        assert r.status_code == 200, r.text
        return {"Authorization": f"Bearer {r.json()['token']}"}

    def issue(self, service: str = "SVC_A", **body: Any) -> httpx.Response:
        return self.client.post(f"{API}/tickets", json={"service": service, **body}, headers=self.kiosk)

    def issued(self, service: str = "SVC_A", **body: Any) -> dict[str, Any]:
        r = self.issue(service, **body)
        assert r.status_code == 201, r.text
        data: dict[str, Any] = r.json()
        return data

    def act(self, window: int, action: str, headers: dict[str, str], /, **body: Any) -> httpx.Response:
        return self.client.post(f"{API}/windows/{window}/{action}", json=body or None, headers=headers)

    def hall(self) -> dict[str, Any]:
        data: dict[str, Any] = self.client.get(f"{API}/hall").json()
        return data

    # --- time and the event log ----------------------------------------------------------------------------

    def set_clock(self, when: datetime, *, sweep: bool = True) -> None:
        """Move the hall's clock and run what the clock drives (day's turn, rating sweep, opening hours)."""
        r = self.client.put(f"{API}/test/clock", json={"now": when.isoformat(), "sweep": sweep})
        assert r.status_code == 200, r.text

    def advance(self, delta: timedelta, *, sweep: bool = True) -> None:
        self.set_clock(self.clock.now() + delta, sweep=sweep)

    def events_since(self, since: int, until: int | None = None) -> list[dict[str, Any]]:
        """The event log after `since` as a subscriber reads it (`WS /events?since=`), up to `until` (default:
        the hall's last seq). Fails on a snapshot: keep `until - since` within the hall's replay limit."""
        last = self.hall()["seq"] if until is None else until
        messages: list[dict[str, Any]] = []
        if last <= since:
            return messages
        with self.client.websocket_connect(f"{API}/events?since={since}") as ws:
            while not messages or messages[-1]["seq"] < last:
                message = json.loads(ws.receive_text())
                assert message.get("type") != "snapshot", f"asked for events after {since}, got a snapshot"
                messages.append(message)
        return messages
