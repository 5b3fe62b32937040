"""The live hall: a real `jiaohao server` process with its hall file, database and device tokens.

One class for every front-end's tests. It restarts on the same port and database, keeps track of the
process that runs *now* (so closing it never orphans a restarted server), and closes the API clients it
handed out before it stops the server.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from client.api import HallApi
from jiaohao.wire.models import TicketOut

from . import internals
from .hall import ALLDAY_HALL, Devices, HallFile, provision, sqlite_database, write_hall_file
from .server_process import ServerProcess

# Staff of the all-day test hall, by the window they usually sit at.
CLERKS = {1: ("1001", "1111"), 2: ("1002", "2222"), 3: ("1003", "3333"), 4: ("1001", "1111")}
SUPERVISOR = ("1002", "2222")


class LiveHall:
    def __init__(self, hall_file: HallFile, db_url: str, tokens: dict[str, str], server: ServerProcess) -> None:
        self.hall_file = hall_file
        self.db_url = db_url
        self.tokens = tokens
        self.server = server
        self._clients: list[Callable[[], object]] = []
        self._clerks: dict[int, HallApi] = {}

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def hall_id(self) -> str:
        return self.hall_file.hall_id

    @property
    def config_path(self) -> Path:
        return self.hall_file.path

    # --- clients -------------------------------------------------------------------------------------------

    def own(self, close: Callable[[], object]) -> None:
        """Close this client before the server stops: a server waits for open connections when it stops."""
        self._clients.append(close)

    def api(self, device: str | None = "kiosk", **options: Any) -> HallApi:
        """An API client with the token of a device by name (None: no token), closed with the hall."""
        api = HallApi(self.url, self.tokens[device] if device else None, **options)
        self.own(api.close)
        return api

    def clerk(self, window: int) -> HallApi:
        """The clerk of `window`, logged in there."""
        if window not in self._clerks:
            no, pin = CLERKS[window]
            api = self.api(None)
            api.token = api.login(no, pin, window).token
            self._clerks[window] = api
        return self._clerks[window]

    def supervisor(self) -> HallApi:
        api = self.api(None)
        api.token = api.login(*SUPERVISOR, None).token
        return api

    def serve(self, window: int = 1, service: str = "SVC_A") -> TicketOut:
        """Issue a ticket, call it at `window` and finish it (办结): the window's pad is asked to rate it."""
        ticket = self.api().issue_ticket(service)
        called = self.clerk(window).call_next(window)
        assert called is not None and called.ticket is not None and called.ticket.id == ticket.id
        self.clerk(window).finish(window)
        return ticket

    # --- the server ----------------------------------------------------------------------------------------

    def restart(self, *, at: datetime | None = None) -> None:
        """Start the server again on the same port and database, after `server.stop()` or `server.kill9()`;
        a test-mode server starts with its clock where it stood, or at `at`."""
        assert self.server.proc is None or self.server.proc.poll() is not None, "the server is still running"
        again = self.server.again()
        if at is not None:
            assert again.clock is not None and at >= again.clock, "a test clock moves forward only"
            again.clock = at
        self.server = again.start()

    def set_clock(self, when: datetime, *, sweep: bool = True) -> datetime:
        return self.server.set_clock(when, sweep=sweep)

    def advance(self, delta: timedelta, *, sweep: bool = True) -> datetime:
        return self.server.advance(delta, sweep=sweep)

    def close(self) -> None:
        for close in reversed(self._clients):
            close()
        self._clients.clear()
        self._clerks.clear()
        self.server.stop()

    def __enter__(self) -> LiveHall:
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # --- looking into the database (what the API does not show) -------------------------------------------

    def ratings(self, ticket_id: int) -> list[tuple[Any, ...]]:
        return internals.ratings_of(self.db_url, ticket_id)

    def count_events(self, event_type: str) -> int:
        return internals.count_events(self.db_url, event_type)

    def finished_at(self, ticket_id: int) -> datetime:
        return internals.finished_at(self.db_url, ticket_id)

    def rated_at(self, ticket_id: int) -> datetime:
        return internals.rated_at(self.db_url, ticket_id)

    def recorded_at(self, ticket_id: int) -> datetime:
        return internals.recorded_at(self.db_url, ticket_id)


DEFAULT_DEVICES: Devices = [("kiosk", "kiosk", []), ("caller", "caller", [1, 2]), ("pad", "pad", [1])]


def start_live_hall(
    folder: Path,
    devices: Devices | None = None,
    *,
    prefix: str = "test",
    policy: dict[str, str] | None = None,
    windows: list[tuple[int, list[str]]] | None = None,
    clock: datetime | None = None,
    extra: list[str] | None = None,
    base: Path = ALLDAY_HALL,
) -> LiveHall:
    """A hall file under a unique id (made from `base`, a hall file whose id is "test-hall"), a fresh database
    with its device tokens, and the server running on it. With `clock` the server runs in test mode on a
    clock that moves only when the test moves it."""
    hall_file = write_hall_file(folder, prefix=prefix, policy=policy, windows=windows, base=base)
    db_url = sqlite_database(folder, hall_file.config)
    tokens = provision(db_url, hall_file.path, DEFAULT_DEVICES if devices is None else devices, clock)
    server = ServerProcess(hall_file.path, db_url, extra=extra, clock=clock).start()
    return LiveHall(hall_file, db_url, tokens, server)
