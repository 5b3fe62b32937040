"""What a hall's queue must be, kept by the test from the API's answers, the hall file and the design's rules.

Nothing here reads the server's internals: tickets enter the model from `POST /tickets` answers, and every
window action moves them as DESIGN §3 says. The expected call order comes from `jiaohao.domain.call_order`,
the one statement of the rule, over *everything* queued (the server itself only looks at lane heads).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from jiaohao.domain.call_order import Candidate, choose, queue_order
from jiaohao.domain.config import HallConfig, WindowConfig
from jiaohao.domain.numbering import business_day, format_number
from jiaohao.domain.tickets import Channel

QUEUED = ("waiting", "transferred")
AT_WINDOW = ("called", "serving")
BACK_AT_WINDOW = ("held", "no_show")  # off the window, called back by choice
LIVE = (*QUEUED, *AT_WINDOW, *BACK_AT_WINDOW)  # today's unfinished tickets
HOLDING = (*QUEUED, *AT_WINDOW, "held")  # a citizen "has a ticket" (one per person); what the day's turn cancels

Refusal = tuple[int, str]  # (HTTP status, error code)


@dataclass
class Ticket:
    id: int
    number: str
    service: str
    channel: Channel
    issued_at: datetime
    day: date
    track: str
    holder: str | None = None
    origin: str = ""
    queued_at: datetime | None = None
    front: bool = False
    target_window: int | None = None
    state: str = "waiting"
    window: int | None = None
    recall: int = 0

    def candidate(self) -> Candidate:
        return Candidate(
            self.id, self.service, self.issued_at, self.queued_at or self.issued_at, self.front, self.channel,
            self.target_window,
        )  # fmt: skip


@dataclass
class Window:
    number: int
    status: str = "closed"  # closed / open / paused
    staff_no: str | None = None
    token: str | None = None
    current: int | None = None


@dataclass
class HallModel:
    config: HallConfig
    now: datetime
    tickets: dict[int, Ticket] = field(default_factory=dict)
    windows: dict[int, Window] = field(default_factory=dict)
    issued: dict[tuple[date, str], int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.windows = {w.number: Window(w.number) for w in self.config.windows}

    # --- reading ---------------------------------------------------------------------------------------------

    @property
    def day(self) -> date:
        return business_day(self.now, self.config.policy)

    @property
    def starve_after(self) -> timedelta:
        return timedelta(minutes=self.config.policy.starve_after_min)

    def window_config(self, number: int) -> WindowConfig:
        window = self.config.window(number)
        assert window is not None
        return window

    def today(self) -> list[Ticket]:
        return [t for t in self.tickets.values() if t.day == self.day]

    def queued(self) -> list[Ticket]:
        return [t for t in self.today() if t.state in QUEUED]

    def current(self, window: int) -> Ticket | None:
        current = self.windows[window].current
        return self.tickets[current] if current is not None else None

    def by_number(self, number: str) -> Ticket | None:
        return next((t for t in self.today() if t.number == number), None)

    def next_for(self, window: int) -> Ticket | None:
        """The ticket call-next must take: the domain's `choose` over everything queued."""
        chosen = choose([t.candidate() for t in self.queued()], self.window_config(window), self.now, self.starve_after)
        return self.tickets[chosen.ticket_id] if chosen is not None else None

    def queue_of(self, window: int) -> list[int]:
        """The window's waiting list in call order (the held and no-show tickets follow it, in issue order)."""
        order = queue_order([t.candidate() for t in self.queued()], self.window_config(window), self.now,
                            self.starve_after)  # fmt: skip
        return [c.ticket_id for c in order]

    def back_at(self, window: int) -> set[int]:
        return {t.id for t in self.today() if t.state in BACK_AT_WINDOW and t.window == window}

    def waiting(self, service: str) -> int:
        return sum(1 for t in self.queued() if t.service == service)

    def issued_today(self, service: str) -> int:
        return self.issued.get((self.day, service), 0)

    def holding(self, service: str, holder: str) -> Ticket | None:
        return next((t for t in self.today() if t.origin == service and t.holder == holder and t.state in HOLDING),
                    None)  # fmt: skip

    # --- issuing -----------------------------------------------------------------------------------------------

    def issue_refusals(self, service: str, green: bool, holder: str | None) -> set[Refusal]:
        config = self.config.service(service)
        assert config is not None
        refusals: set[Refusal] = set()
        if green and not config.green_channel:
            refusals.add((409, "no_green_channel"))
        if config.daily_cap is not None and self.issued_today(service) >= config.daily_cap:
            refusals.add((409, "daily_cap_reached"))
        if config.one_open_ticket_per_person:
            if holder is None:
                refusals.add((400, "holder_required"))
            elif self.holding(service, holder) is not None:
                refusals.add((409, "already_holding"))
        return refusals

    def expected_number(self, service: str) -> str:
        config = self.config.service(service)
        assert config is not None
        return format_number(config.prefix, self.issued_today(service) + 1, config.number_width)

    def ahead_of_new(self, service: str, green: bool) -> int:
        """People before a ticket issued now: everyone queued for its service; for a green-channel ticket, only
        the green-channel ones."""
        return sum(1 for t in self.queued() if t.service == service and (not green or t.channel is not Channel.NORMAL))

    def add_issued(self, answer: dict[str, Any], holder: str | None) -> Ticket:
        ticket = Ticket(
            id=answer["id"], number=answer["number"], service=answer["service"], channel=Channel(answer["channel"]),
            issued_at=self.now, day=self.day, track=answer["track_token"], holder=holder, origin=answer["service"],
        )  # fmt: skip
        self.tickets[ticket.id] = ticket
        self.issued[(self.day, ticket.service)] = self.issued_today(ticket.service) + 1
        return ticket

    # --- window actions ----------------------------------------------------------------------------------------

    def _ready_to_call(self, window: int) -> set[Refusal]:
        status = self.windows[window].status
        if status == "paused":
            return {(409, "window_paused")}
        if status != "open":
            return {(409, "window_closed")}
        return set()

    def call_next_refusals(self, window: int) -> set[Refusal]:
        return self._ready_to_call(window)

    def call_number_refusals(self, window: int, number: str) -> set[Refusal]:
        ticket = self.by_number(number)
        if ticket is None:
            return {(404, "unknown_ticket")}
        if ticket.state in ("done", "cancelled"):
            # Said as 409 "done or cancelled"; a server that restarted since no longer knows the number (404).
            return {(409, "invalid_state"), (404, "unknown_ticket")}
        services = self.window_config(window).services
        mine = (
            ticket.target_window == window
            or (ticket.target_window is None and ticket.service in services)
            or (ticket.window == window and ticket.state in BACK_AT_WINDOW)
        )
        refusals: set[Refusal] = set()
        if not mine:
            refusals.add((403, "not_this_window"))
        if ticket.state not in (*QUEUED, *BACK_AT_WINDOW):
            refusals.add((409, "invalid_state"))
        return refusals | self._ready_to_call(window)

    def finish_current(self, window: int) -> None:
        current = self.current(window)
        if current is not None:
            current.state = "done"
            self.windows[window].current = None

    def called(self, window: int, ticket: Ticket) -> None:
        self.finish_current(window)
        ticket.state, ticket.window, ticket.recall = "called", window, 0
        self.windows[window].current = ticket.id

    def act_refusals(self, window: int, action: str) -> set[Refusal]:
        current = self.current(window)
        if current is None:
            return {(409, "no_current_ticket")}
        allowed = {
            "recall": ("called",),
            "start": ("called",),
            "finish": AT_WINDOW,
            "no-show": ("called",),
            "hold": AT_WINDOW,
        }[action]
        return set() if current.state in allowed else {(409, "invalid_state")}

    def act(self, window: int, action: str) -> Ticket:
        current = self.current(window)
        assert current is not None
        if action == "recall":
            current.recall += 1
        elif action == "start":
            current.state = "serving"
        elif action == "finish":
            self.finish_current(window)
        else:
            current.state = "no_show" if action == "no-show" else "held"
            self.windows[window].current = None
        return current

    def transfer_refusals(self, window: int, service: str | None, target: int | None) -> set[Refusal]:
        if service is None and target is None:
            return {(400, "transfer_target")}
        current = self.current(window)
        if current is None:
            return {(409, "no_current_ticket")}
        refusals: set[Refusal] = set()
        to_service = service or current.service
        if target is not None:
            if target == window:
                refusals.add((400, "transfer_same_window"))
            if to_service not in self.window_config(target).services:
                refusals.add((400, "transfer_service_mismatch"))
        return refusals

    def transfer(self, window: int, service: str | None, target: int | None, front: bool) -> Ticket:
        current = self.current(window)
        assert current is not None
        current.state, current.service, current.target_window = "transferred", service or current.service, target
        current.front = front
        current.queued_at = current.issued_at if front else self.now  # "to the front" keeps its place in time
        self.windows[window].current = None
        return current

    def status_refusals(self, window: int, pause: bool = False) -> set[Refusal]:
        if self.windows[window].status == "closed":
            return {(409, "window_closed")}
        current = self.current(window)
        if pause and current is not None and current.state in ("called", "serving"):
            return {(409, "window_busy")}  # a citizen called here is settled before the window pauses
        return set()

    # --- the clock ---------------------------------------------------------------------------------------------

    def turn_day(self) -> list[Ticket]:
        """The day's turn: every ticket of an earlier day still holding its number is cancelled (a no-show stays
        a no-show, for the reports), windows let go of theirs."""
        cancelled = [t for t in self.tickets.values() if t.day < self.day and t.state in HOLDING]
        for t in cancelled:
            t.state = "cancelled"
        for w in self.windows.values():
            w.current = None
        return cancelled
