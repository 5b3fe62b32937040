"""Two ways to drive a hall server for the property tests: in this process (uvicorn on a thread: real HTTP on a
loopback port, several times faster per request than Starlette's TestClient), or as a real process.

Both speak HTTP through an httpx client (`http`), read the event log through `WS /events?since=`, move time
through the test-mode clock route and can restart; only the process can be killed with -9.
"""

from __future__ import annotations

import socket
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from jiaohao.domain.clock import ManualClock
from server import testmode
from server.app import create_app
from server.runtime import ServerSettings

from .event_log import read_log
from .hall import Devices, HallFile, provision, sqlite_database, write_hall_file
from .server_process import ServerProcess, free_port

API = "/api/v1"
_MEMORY = Path("/dev/shm")


class HallDriver:
    """Common part: a temporary folder with the hall file and its database, and the device tokens."""

    def __init__(self, devices: Devices, start: datetime, policy: dict[str, str]) -> None:
        # In memory (tmpfs) where the machine has one: a real SQLite file whose commits do not wait on a shared
        # disk; what survives kill -9 on a disk is the kill -9 test's subject, not this one's.
        self._folder = tempfile.TemporaryDirectory(prefix="jiaohao-machine-", dir=_MEMORY if _MEMORY.is_dir() else None)
        folder = Path(self._folder.name)
        self.hall_file: HallFile = write_hall_file(folder, prefix="machine", policy=policy)
        self.db_url = sqlite_database(folder, self.hall_file.config)
        self.tokens = provision(self.db_url, self.hall_file.path, devices, start)
        self.http: httpx.Client

    def headers(self, device: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[device]}"}

    def set_clock(self, when: datetime) -> datetime:
        r = self.http.put(f"{API}/test/clock", json={"now": when.isoformat()})
        assert r.status_code == 200, r.text
        return datetime.fromisoformat(r.json()["now"])

    def events_since(self, since: int, until: int) -> list[dict[str, Any]]:
        raise NotImplementedError

    def restart(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self._folder.cleanup()


class _Uvicorn(uvicorn.Server):
    """uvicorn on a thread, saying when it listens."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.listening = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.listening.set()


class InProcessDriver(HallDriver):
    """The app served by uvicorn on a thread of this process, on a loopback port: real HTTP and WebSocket, fast
    to start, on a `ManualClock`; a restart stops the app and serves a new one on the same database."""

    def __init__(self, devices: Devices, start: datetime, policy: dict[str, str]) -> None:
        super().__init__(devices, start, policy)
        self.clock = ManualClock(start)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.http = httpx.Client(base_url=self.url, timeout=30)
        self._serve()

    def _serve(self) -> None:
        settings = ServerSettings(db_url=self.db_url, public_url="http://hall.test", clock=self.clock)
        app = create_app(self.hall_file.config, settings)
        testmode.install(app, self.clock)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", ws="websockets-sansio")
        self._server = _Uvicorn(config)
        self._thread = threading.Thread(target=self._server.run, name="machine-uvicorn", daemon=True)
        self._thread.start()
        assert self._server.listening.wait(60), "the in-process server did not start"

    def _stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(60)
        assert not self._thread.is_alive(), "the in-process server did not stop"

    def events_since(self, since: int, until: int) -> list[dict[str, Any]]:
        return read_log(self.url, since, until)

    def restart(self) -> None:
        self._stop()
        self._serve()

    def close(self) -> None:
        self.http.close()
        self._stop()
        super().close()


class ProcessDriver(HallDriver):
    """A real `jiaohao server` process in test mode: restarts stop it with SIGINT, kill9() with SIGKILL."""

    def __init__(self, devices: Devices, start: datetime, policy: dict[str, str]) -> None:
        super().__init__(devices, start, policy)
        self.server = ServerProcess(self.hall_file.path, self.db_url, clock=start).start()
        self.http = httpx.Client(base_url=self.server.url, timeout=30)

    def set_clock(self, when: datetime) -> datetime:
        self.server.clock = super().set_clock(when)  # a restarted process starts where the clock stood
        return self.server.clock

    def events_since(self, since: int, until: int) -> list[dict[str, Any]]:
        return read_log(self.server.url, since, until)

    def restart(self) -> None:
        assert self.server.stop() == 0, "the server did not stop cleanly"
        self.server = self.server.again().start()

    def kill9(self) -> None:
        self.server.kill9()
        self.server = self.server.again().start()

    def close(self) -> None:
        self.http.close()
        self.server.stop()
        super().close()
