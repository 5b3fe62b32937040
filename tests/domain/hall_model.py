"""A small in-memory hall built only from the domain functions, for the property tests.

It plays the part the server's store will play: it numbers tickets per service per business day, hands every
queued ticket to `choose` when a window calls next, and moves tickets only through `next_state`. It keeps a
log of what happened so the tests can check the invariants over a whole run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from jiaohao.domain.call_order import Candidate, choose, lane_heads, queue_order
from jiaohao.domain.clock import ManualClock
from jiaohao.domain.config import HallConfig, HallInfo, Policy, ServiceConfig, WindowConfig
from jiaohao.domain.errors import Conflict
from jiaohao.domain.numbering import business_day, check_can_issue, format_number
from jiaohao.domain.tickets import AT_WINDOW, QUEUED, Action, Channel, TicketState, next_state

SAMPLE_HALL = HallConfig(
    hall=HallInfo(id="model-hall", name="模拟政务服务大厅"),
    policy=Policy(starve_after_min=60),
    services=(
        ServiceConfig(code="social", name="社保", prefix="A"),
        ServiceConfig(code="medical", name="医保", prefix="B", number_width=2),
        ServiceConfig(code="property", name="不动产登记", prefix="C", daily_cap=4),
        # open 08:30-17:00 local only: issuing at night must be refused without using up a number
        ServiceConfig(code="tax", name="税务", prefix="D", hours=("08:30-17:00",)),
    ),
    windows=(
        WindowConfig(number=1, name="1号窗口", services=("social", "medical", "property", "tax")),
        WindowConfig(number=2, name="2号窗口", services=("medical", "social")),
        WindowConfig(number=3, name="3号窗口", kind="专窗", services=("property",)),
        WindowConfig(number=4, name="4号窗口", kind="专窗", services=("tax", "medical")),
    ),
)


@dataclass
class Ticket:
    id: int
    service: str
    number: str
    day: date
    channel: Channel
    issued_at: datetime
    queued_at: datetime
    state: TicketState = TicketState.WAITING
    front: bool = False
    target_window: int | None = None
    transferred: bool = False  # ever transferred: it no longer queues by issue time

    def candidate(self) -> Candidate:
        return Candidate(
            ticket_id=self.id,
            service=self.service,
            issued_at=self.issued_at,
            queued_at=self.queued_at,
            front=self.front,
            channel=self.channel,
            target_window=self.target_window,
        )


@dataclass(frozen=True)
class CallRecord:
    """One call-next: who was called, and what the queue looked like just before."""

    window: int
    ticket_id: int
    at: datetime
    queue: tuple[Candidate, ...]
    chosen: Candidate
    first_call: bool  # called for the first time
    was_transferred: bool  # had been transferred before this call
    untransferred: frozenset[int]  # ids in `queue` that were never transferred


@dataclass
class Hall:
    clock: ManualClock
    config: HallConfig = SAMPLE_HALL
    tickets: dict[int, Ticket] = field(default_factory=dict)
    sequences: dict[tuple[str, date], int] = field(default_factory=dict)
    current: dict[int, int | None] = field(default_factory=dict)  # window → ticket at the window
    issued: list[tuple[date, str, int]] = field(default_factory=list)  # (business day, number, ticket id)
    calls: list[CallRecord] = field(default_factory=list)
    finished: list[int] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (service, error code)

    def __post_init__(self) -> None:
        self.current = {w.number: None for w in self.config.windows}

    @property
    def policy(self) -> Policy:
        return self.config.policy

    @property
    def starve_after(self) -> timedelta:
        return timedelta(minutes=self.policy.starve_after_min)

    def window(self, number: int) -> WindowConfig:
        found = self.config.window(number)
        assert found is not None
        return found

    # ------------------------------------------------------------------------------------------ kiosk

    def issue(self, service_code: str, channel: Channel = Channel.NORMAL) -> Ticket | None:
        service = self.config.service(service_code)
        assert service is not None
        now = self.clock.now()
        day = business_day(now, self.policy)
        issued_today = self.sequences.get((service_code, day), 0)
        try:
            check_can_issue(service, now, self.policy, issued_today)
        except Conflict as err:
            self.refused.append((service_code, err.code))
            return None
        seq = issued_today + 1
        self.sequences[(service_code, day)] = seq
        ticket = Ticket(
            id=len(self.tickets) + 1,
            service=service_code,
            number=format_number(service.prefix, seq, service.number_width),
            day=day,
            channel=channel,
            issued_at=now,
            queued_at=now,
        )
        self.tickets[ticket.id] = ticket
        self.issued.append((day, ticket.number, ticket.id))
        return ticket

    def cancel(self, ticket_id: int) -> None:
        ticket = self.tickets[ticket_id]
        ticket.state = next_state(Action.CANCEL, ticket.state, ticket.number)

    # ----------------------------------------------------------------------------------------- window

    def queued(self) -> list[Candidate]:
        return [t.candidate() for t in self.tickets.values() if t.state in QUEUED]

    def call_next(self, window_number: int) -> Ticket | None:
        """Call-next as the store will do it: over the lane heads only, checked against the full queue."""
        assert self.current[window_number] is None, "the window still has a ticket"
        window = self.window(window_number)
        now = self.clock.now()
        queue = self.queued()
        chosen = choose(lane_heads(queue, window), window, now, self.starve_after)
        assert chosen == choose(queue, window, now, self.starve_after)
        order = queue_order(queue, window, now, self.starve_after)
        assert (order[0] if order else None) == chosen
        if chosen is None:
            return None
        ticket = self.tickets[chosen.ticket_id]
        first_call = ticket.state is TicketState.WAITING
        ticket.state = next_state(Action.CALL, ticket.state, ticket.number)
        self.current[window_number] = ticket.id
        self.calls.append(
            CallRecord(
                window=window_number,
                ticket_id=ticket.id,
                at=now,
                queue=tuple(queue),
                chosen=chosen,
                first_call=first_call,
                was_transferred=ticket.transferred,
                untransferred=frozenset(c.ticket_id for c in queue if not self.tickets[c.ticket_id].transferred),
            )
        )
        return ticket

    def call_back(self, window_number: int, ticket_id: int) -> None:
        """A held or no-show ticket called back by number (not through call-next)."""
        assert self.current[window_number] is None
        ticket = self.tickets[ticket_id]
        ticket.state = next_state(Action.CALL, ticket.state, ticket.number)
        self.current[window_number] = ticket.id

    def act(self, window_number: int, action: Action) -> Ticket:
        """start / recall / finish / no_show / hold on the window's current ticket."""
        ticket_id = self.current[window_number]
        assert ticket_id is not None
        ticket = self.tickets[ticket_id]
        ticket.state = next_state(action, ticket.state, ticket.number)
        if ticket.state not in AT_WINDOW:
            self.current[window_number] = None
        if ticket.state is TicketState.DONE:
            self.finished.append(ticket.id)
        return ticket

    def transfer(
        self, window_number: int, *, service: str | None = None, to_window: int | None = None, front: bool
    ) -> Ticket:
        ticket_id = self.current[window_number]
        assert ticket_id is not None
        ticket = self.tickets[ticket_id]
        ticket.state = next_state(Action.TRANSFER, ticket.state, ticket.number)
        self.current[window_number] = None
        if service is not None:
            ticket.service = service
        ticket.target_window = to_window
        ticket.front = front
        ticket.queued_at = self.clock.now()  # issued_at stays: waiting time counts from the first ticket
        ticket.transferred = True
        return ticket

    def is_overdue(self, candidate: Candidate, at: datetime) -> bool:
        return at - candidate.issued_at > self.starve_after
