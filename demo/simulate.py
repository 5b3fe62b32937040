"""A busy day in the hall, played through the API: the demo's engine and a soak test.

Citizens arrive by the hour like a real hall (morning peak 9–11, lunch dip, afternoon peak), pick services
in proportion to the windows that offer them, some on the green channel; clerks call, wait for the citizen
to walk up, serve for a time typical of the service, now and then mark a no-show (after a recall) or
transfer the ticket to another service. After a service most citizens rate it on the window's pad
(好差评) with a real hall's spread: mostly 5 and 4, a few 3, now and then a 1 or 2 with a reason, which opens
a 差评 case for the supervisor.

Time: the simulation has its own clock that runs `speed` times faster than the wall clock, and waits,
service times and arrival gaps are measured on it. The server stamps events with its real clock, so its
reports show the compressed durations; the summary printed here shows the simulated ones.

Plain Python and blocking `HallApi` calls on the calling thread: no Qt, so it runs in a terminal, a test
or the demo's background thread alike. `stop` (a threading.Event) ends it early.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from client.api import HallApi
from client.errors import ApiError
from jiaohao.domain.config import Policy
from jiaohao.wire.models import HallOut, TicketOut, WindowOut

__all__ = ["DEFAULT_STAFF", "Progress", "ServiceStats", "SimulationConfig", "Simulator", "Summary"]

log = logging.getLogger(__name__)

# The sample hall's demo accounts (PINs printed in its TOML, for demonstration only).
DEFAULT_STAFF = (
    ("1001", "246810"),
    ("1002", "135790"),
    ("1003", "112233"),
    ("1004", "445566"),
    ("1005", "778899"),
    ("2001", "202501"),
    ("9001", "900900"),
)
# Typical handling minutes of the sample hall's services; any other service gets `default_minutes`.
SERVICE_MINUTES = {"BDC": 20.0, "SBCB": 10.0, "YBBX": 12.0, "GXQY": 30.0, "ZJBB": 8.0}
# Arrivals relative to the day's mean, by the hour on the hall's clock.
HOURLY_LOAD = {8: 0.4, 9: 1.2, 10: 1.5, 11: 1.3, 12: 0.35, 13: 0.5, 14: 1.2, 15: 1.3, 16: 0.8, 17: 0.3}
# How rating citizens choose (level: share), about what halls publish: ~97% 满意 or better, 差评 rare.
RATING_SPREAD = {5: 0.68, 4: 0.22, 3: 0.06, 2: 0.025, 1: 0.015}
# The reasons a 差评 gives: the project's default list (a hall that configures others refuses them: an error).
BAD_REASONS = Policy().rating_reasons


@dataclass
class SimulationConfig:
    speed: float = 60.0
    hours: float = 8.0
    seed: int | None = None
    start_hour: int = 9
    load: float = 0.85  # mean arrivals as a share of what the staffed windows can serve
    green_share: float = 0.06
    no_show_share: float = 0.05
    transfer_share: float = 0.03
    rating_share: float = 0.85  # of finished services, how many citizens rate at the pad (where there is one)
    default_minutes: float = 10.0
    service_minutes: dict[str, float] = field(default_factory=lambda: dict(SERVICE_MINUTES))
    staff: tuple[tuple[str, str], ...] = DEFAULT_STAFF
    drain_limit_min: float = 120.0  # after closing, serve who is left for at most this long


@dataclass
class ServiceStats:
    name: str
    issued: int = 0
    served: int = 0
    no_show: int = 0
    transferred: int = 0
    turned_away: int = 0
    rated: int = 0
    bad: int = 0  # 差评 (1 or 2): each opens a rectification case
    waits: list[float] = field(default_factory=list)

    @property
    def avg_wait_min(self) -> float | None:
        return sum(self.waits) / len(self.waits) if self.waits else None


@dataclass
class Summary:
    services: dict[str, ServiceStats]
    sim_minutes: float
    wall_seconds: float
    errors: int
    stopped_early: bool

    @property
    def total(self) -> ServiceStats:
        total = ServiceStats("合计")
        for s in self.services.values():
            total.issued += s.issued
            total.served += s.served
            total.no_show += s.no_show
            total.transferred += s.transferred
            total.turned_away += s.turned_away
            total.rated += s.rated
            total.bad += s.bad
            total.waits.extend(s.waits)
        return total


@dataclass(frozen=True)
class Progress:
    sim_minutes: float
    day_minutes: float
    issued: int
    served: int
    clock: str  # the simulated hall clock, "10:35"


@dataclass
class _Ticket:
    id: int
    number: str
    service: str
    issued_at: float  # simulated minutes
    called: bool = False


Action = Callable[[], None]
T = TypeVar("T")


class Simulator:
    def __init__(
        self,
        api: HallApi,
        config: SimulationConfig,
        *,
        caller_token: str | None = None,
        pad_tokens: Mapping[int, str] | None = None,
        on_ticket: Callable[[TicketOut, HallOut], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.api = api
        self.config = config
        self.caller_token = caller_token
        self.pad_tokens = dict(pad_tokens or {})  # window → its rating pad's device token
        self.on_ticket = on_ticket
        self.on_progress = on_progress
        self.stop = stop or threading.Event()
        self.random = random.Random(config.seed)
        self._queue: list[tuple[float, int, Action]] = []
        self._order = itertools.count()
        self._now = 0.0
        self._tickets: dict[int, _Ticket] = {}
        self._stats: dict[str, ServiceStats] = {}
        self._windows: dict[int, WindowOut] = {}
        self._tokens: dict[int, str] = {}
        self._idle: set[int] = set()
        self._no_green: set[str] = set()
        self._serving: dict[int, int] = {}  # window → the ticket it called last
        self._errors = 0
        self._hall: HallOut | None = None

    # --- the run ----------------------------------------------------------------------------------------

    def run(self) -> Summary:
        started = time.monotonic()
        self._hall = self.api.hall()
        self._stats = {s.code: ServiceStats(s.name) for s in self._hall.services}
        self._open_windows(self._hall)
        if not self._tokens:
            raise ApiError("no_windows", "没有可用的窗口：请用 --staff 提供能登录的工号和密码，或 --caller-token")
        for number in self._tokens:
            self._go_idle(number)
        self._schedule(self._next_gap(), self._arrival)
        day = self.config.hours * 60
        next_report = 0.0
        while self._queue and not self.stop.is_set():
            at, _, action = heapq.heappop(self._queue)
            if at > day + self.config.drain_limit_min:
                break
            if self.stop.wait(max(0.0, started + at * 60 / self.config.speed - time.monotonic())):
                break
            self._now = at
            action()
            if self.on_progress is not None and self._now >= next_report:
                next_report = self._now + 1
                self.on_progress(self._progress())
        stopped = self.stop.is_set()
        self._log_out()
        return Summary(self._stats, self._now, time.monotonic() - started, self._errors, stopped)

    def _progress(self) -> Progress:
        minutes = self.config.start_hour * 60 + int(self._now)
        total = self.summary_so_far().total
        clock = f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
        return Progress(self._now, self.config.hours * 60, total.issued, total.served, clock)

    def summary_so_far(self) -> Summary:
        return Summary(self._stats, self._now, 0.0, self._errors, self.stop.is_set())

    def _schedule(self, delay_min: float, action: Action) -> None:
        heapq.heappush(self._queue, (self._now + max(0.0, delay_min), next(self._order), action))

    # --- set-up -----------------------------------------------------------------------------------------

    def _open_windows(self, hall: HallOut) -> None:
        staff = itertools.cycle(self.config.staff) if self.config.staff else None
        for window in hall.windows:
            self._windows[window.number] = window
            if staff is not None:
                no, pin = next(staff)
                try:
                    self._tokens[window.number] = self.api.login(no, pin, window.number).token
                    continue
                except ApiError as err:
                    log.warning("window %d: login %s refused: %s", window.number, no, err.message)
            if self.caller_token and window.status == "open":
                self._tokens[window.number] = self.caller_token

    def _log_out(self) -> None:
        for number, token in self._tokens.items():
            if token == self.caller_token:
                continue
            try:
                self.api.logout(token)
            except ApiError as err:
                log.info("window %d: logout failed: %s", number, err.message)

    # --- citizens ---------------------------------------------------------------------------------------

    def _capacity_per_min(self) -> float:
        total = 0.0
        for number in self._tokens:
            services = self._windows[number].services or [""]
            mean = sum(self._minutes(s) for s in services) / len(services)
            total += 1 / mean
        return total

    def _next_gap(self) -> float:
        hour = self.config.start_hour + int(self._now // 60)
        rate = self.config.load * self._capacity_per_min() * HOURLY_LOAD.get(hour, 0.3)
        return self.random.expovariate(rate) if rate > 0 else 60.0

    def _pick_service(self) -> str | None:
        assert self._hall is not None
        weights: dict[str, int] = {}
        for number in self._tokens:
            for code in self._windows[number].services:
                weights[code] = weights.get(code, 0) + 1
        open_codes = [s.code for s in self._hall.services if s.code in weights]
        if not open_codes:
            return None
        return self.random.choices(open_codes, [weights[c] for c in open_codes])[0]

    def _arrival(self) -> None:
        if self._now < self.config.hours * 60:
            self._schedule(self._next_gap(), self._arrival)
        code = self._pick_service()
        if code is None:
            return
        green = code not in self._no_green and self.random.random() < self.config.green_share
        holder = f"139{self.random.randrange(10**8):08d}"
        try:
            try:
                ticket = self.api.issue_ticket(code, channel="green" if green else "normal", holder_id=holder)
            except ApiError as err:
                if err.code != "no_green_channel":
                    raise
                self._no_green.add(code)  # the citizen takes a normal ticket instead, as at a real kiosk
                ticket = self.api.issue_ticket(code, holder_id=holder)
        except ApiError as err:
            if err.status == 409:
                self._stats[code].turned_away += 1  # closed or today's cap reached: the citizen goes home
            else:
                self._error("issue", err)
            return
        self._issued(ticket)

    def _issued(self, ticket: TicketOut) -> None:
        self._tickets[ticket.id] = _Ticket(ticket.id, ticket.number, ticket.service, self._now)
        self._stats[ticket.service].issued += 1
        if self.on_ticket is not None and self._hall is not None:
            self.on_ticket(ticket, self._hall)
        self._wake(ticket.service)

    # --- clerks -----------------------------------------------------------------------------------------

    def _wake(self, service: str) -> None:
        """A ticket is queued for `service`: idle windows offering it call at once."""
        for number in sorted(self._idle):
            if service in self._windows[number].services:
                self._idle.discard(number)
                self._schedule(self.random.uniform(0.05, 0.3), self._call_next_at(number))

    def _go_idle(self, number: int) -> None:
        """The clerk is free: call the next one shortly (only a 204 answer puts the window to sleep)."""
        self._schedule(self.random.uniform(0.1, 0.5), self._call_next_at(number))

    def _call_next_at(self, number: int) -> Action:
        def call_next() -> None:
            self._idle.discard(number)
            try:
                answer = self._act(number, lambda: self.api.call_next(number))
            except ApiError as err:
                self._error(f"window {number} call-next", err)
                self._schedule(2, self._call_next_at(number))
                return
            if answer is None or answer.ticket is None:
                self._idle.add(number)  # sleeps until a ticket for its services arrives
                return
            self._serving[number] = answer.ticket.id
            ticket = self._tickets.get(answer.ticket.id)
            if ticket is not None and not ticket.called:
                ticket.called = True
                self._stats[ticket.service].waits.append(self._now - ticket.issued_at)
            service = answer.ticket.service
            if self.random.random() < self.config.no_show_share:
                self._schedule(2, self._step(number, "recall", None))
                self._schedule(4, self._step(number, "no_show", lambda: self._count(service, "no_show")))
            else:
                walk = self.random.uniform(0.5, 1.5)
                self._schedule(walk, self._step(number, "start", None))
                minutes = self.random.lognormvariate(math.log(self._minutes(service)), 0.4)
                self._schedule(walk + minutes, self._end_of_service(number, service))

        return call_next

    def _end_of_service(self, number: int, service: str) -> Action:
        def end() -> None:
            others = [s for s in self._stats if s != service and self._offered(s)]
            if others and self.random.random() < self.config.transfer_share:
                target = self.random.choice(others)
                try:
                    self._act(number, lambda: self.api.transfer(number, service=target))
                except ApiError as err:
                    self._error(f"window {number} transfer", err)
                else:
                    self._count(service, "transferred")
                    self._wake(target)
            else:
                ticket_id = self._serving.get(number)
                self._step(number, "finish", lambda: self._finished(number, service, ticket_id))()
            self._go_idle(number)

        return end

    def _finished(self, number: int, service: str, ticket_id: int | None) -> None:
        self._count(service, "served")
        if ticket_id is None or number not in self.pad_tokens:
            return
        if self.random.random() < self.config.rating_share:
            # The citizen turns to the pad while the clerk tidies up, before the next call (at 0.1 at the earliest,
            # `_go_idle`): a press after the next call would no longer be this citizen's.
            self._schedule(self.random.uniform(0.02, 0.09), self._rate_at(number, service, ticket_id))

    def _rate_at(self, number: int, service: str, ticket_id: int) -> Action:
        def rate() -> None:
            levels = list(RATING_SPREAD)
            level = self.random.choices(levels, [RATING_SPREAD[x] for x in levels])[0]
            reasons = self.random.sample(BAD_REASONS, self.random.choice((1, 1, 2))) if level <= 2 else []
            self.api.token, saved = self.pad_tokens[number], self.api.token
            try:
                self.api.rate(ticket_id, level, reasons)
            except ApiError as err:
                self._error(f"window {number} rating", err)
                return
            finally:
                self.api.token = saved
            self._count(service, "rated")
            if level <= 2:
                self._count(service, "bad")

        return rate

    def _step(self, number: int, action: str, after: Callable[[], None] | None) -> Action:
        def step() -> None:
            try:
                self._act(number, lambda: getattr(self.api, action)(number))
            except ApiError as err:
                self._error(f"window {number} {action}", err)
                return
            if after is not None:
                after()
            if action == "no_show":
                self._go_idle(number)

        return step

    def _act(self, number: int, call: Callable[[], T]) -> T:
        # One HallApi for every window: the window's token is swapped in for the call (single thread).
        self.api.token, saved = self._tokens[number], self.api.token
        try:
            return call()
        finally:
            self.api.token = saved

    # --- helpers ----------------------------------------------------------------------------------------

    def _minutes(self, service: str) -> float:
        return self.config.service_minutes.get(service, self.config.default_minutes)

    def _offered(self, service: str) -> bool:
        return any(service in self._windows[n].services for n in self._tokens)

    def _count(self, service: str, what: str) -> None:
        stats = self._stats[service]
        setattr(stats, what, getattr(stats, what) + 1)

    def _error(self, what: str, err: ApiError) -> None:
        self._errors += 1
        log.warning("simulate: %s failed: %s (%s)", what, err.message, err.code)
