"""Drive the real ASGI app in-process (Starlette's TestClient): devices, logins and the calls a hall makes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from fastapi.testclient import TestClient

from jiaohao.domain.clock import ManualClock
from jiaohao.domain.config import HallConfig
from server import auth
from server.app import create_app
from server.runtime import HallRuntime, ServerSettings
from server.storage.database import make_engine

API = "/api/v1"


def add_device(db_url: str, kind: str, name: str, windows: list[int], clock: ManualClock) -> str:
    engine = make_engine(db_url, writer=True)
    try:
        with engine.begin() as conn:
            return auth.add_device(conn, kind, name, windows, clock.now())
    finally:
        engine.dispose()


class HallHarness:
    def __init__(self, client: TestClient, config: HallConfig, clock: ManualClock, db_url: str) -> None:
        self.client = client
        self.config = config
        self.clock = clock
        self.db_url = db_url
        self._devices = 0
        self.kiosk = self.device("kiosk")

    @classmethod
    @contextmanager
    def start(cls, config: HallConfig, clock: ManualClock, db_url: str) -> Iterator[HallHarness]:
        app = create_app(config, ServerSettings(db_url=db_url, public_url="http://hall.test", clock=clock))
        with TestClient(app) as client:
            yield cls(client, config, clock, db_url)

    @property
    def runtime(self) -> HallRuntime:
        runtime: HallRuntime = self.client.app.state.runtime  # type: ignore[attr-defined]
        return runtime

    def device(self, kind: str, windows: list[int] | None = None) -> dict[str, str]:
        self._devices += 1
        token = add_device(self.db_url, kind, f"{kind}-{self._devices}", windows or [], self.clock)
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
