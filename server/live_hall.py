"""The writer's live hall: today's open tickets, queues, counters and windows, and every change to them.

The database stays the record: each transition below writes its rows (through `storage.hot_path`) in the
writer's transaction, changes memory to match, and appends the ticket's event. The use cases
(server/service.py) decide whether a transition may happen; they never touch rows or memory themselves.

The memory is what the writer consults instead of querying, so that issuing or calling costs a few inserts and
updates rather than a dozen queries. It is rebuilt from the database whenever it may be stale: at start, when
another process has written to the hall (its event counter moved), when a command outside the hot path
touched windows or staff, after an unexpected error, and when the business day turns over. The writer calls
the three hooks below around every command and batch.
"""

from __future__ import annotations

import secrets
from collections import deque
from collections.abc import Callable, Iterable
from datetime import date, datetime

from jiaohao.domain.config import HallConfig, ServiceConfig
from jiaohao.domain.estimate import WaitEstimate
from jiaohao.domain.numbering import business_day, closed_reason, format_number
from jiaohao.domain.outcomes import Finish, Outcome
from jiaohao.domain.tickets import AT_WINDOW, LIVE, OPEN, QUEUED, Action, Channel, TicketState, next_state
from jiaohao.wire.events import (
    DayStarted,
    HallCounts,
    TicketCalled,
    TicketFinished,
    TicketHeld,
    TicketIssued,
    TicketNoShow,
    TicketServing,
    TicketTransferred,
    WindowUpdated,
)
from jiaohao.wire.models import TicketPosition, WindowOut

from . import presenting
from .queues import Queues
from .records import StaffRec, TicketRec, WindowRec
from .storage import Connection
from .storage.events import events_after
from .storage.hot_path import HallRows
from .storage.live import all_staff, load_changed, load_live, recent_handle_minutes
from .storage.unit_of_work import UnitOfWork

S = TicketState
DONE = Finish(Outcome.COMPLETED)  # a plain 办结 (keypads, call-next)
# Events that change nothing the live hall holds: a catch-up passes over them.
_NO_LIVE_STATE = frozenset(
    {
        "hall.counts",
        "notice",
        "device.status",
        "rating.requested",
        "rating.recorded",
        "case.opened",
        "case.overdue",
        "case.updated",
        "followup.opened",
        "followup.overdue",
        "followup.fulfilled",
    }
)


class LiveHall:
    def __init__(self, config: HallConfig, clock_now: Callable[[], datetime]) -> None:
        self.config = config
        self.hall_id = config.hall.id
        self.policy = config.policy
        self.clock_now = clock_now
        self.day: date | None = None
        self.last_seq = -1
        self.dirty = True
        self.counters: dict[str, int] = {}  # tickets issued today, per service
        self.tickets: dict[int, TicketRec] = {}  # today's live tickets
        self.by_number: dict[str, int] = {}  # today's numbers, finished ones too
        self.windows: dict[int, WindowRec] = {}
        self.staff: dict[str, StaffRec] = {}
        self.handle_minutes: dict[str, deque[float]] = {}  # recent handling times per service
        self.holders: dict[tuple[str, str], int] = {}  # (service issued for, holder hash) → open ticket
        self.queues = Queues()
        self.told_open: dict[str, bool] = {}  # per service, as last told in a hall.counts event
        self.refresh_config: Callable[[Connection], None] | None = None  # set by the runtime

    # --- the writer's hooks -------------------------------------------------------------------------------

    def before_command(self, uow: UnitOfWork) -> None:
        """Reload if anything but our own hot-path commands has moved the hall's event counter: another server
        process, a login (windows, staff), or an earlier command that failed half-way."""
        now = self.clock_now()
        day = business_day(now, self.policy)
        if self.day is not None and self.day != day:
            self._turn_day(uow, now, day)
        if self.dirty or self.day != day or self.last_seq != uow.current_seq:
            if self.refresh_config is not None:
                self.refresh_config(uow.conn)  # another process may have changed the configuration
            if self.dirty or self.day != day or not self.catch_up(uow.conn, uow.current_seq):
                self.load(uow.conn, day, uow.current_seq)

    def after_command(self, uow: UnitOfWork, ok: bool) -> None:
        if ok and uow.touched:
            # Our own change, already in memory. (A command outside the hot path that emitted events leaves
            # last_seq behind, so the next command reloads what it may have changed.)
            self.last_seq = uow.current_seq
        elif uow.touched:
            self.dirty = True  # rolled back after changing memory: rebuild before the next command

    def after_batch(self, committed: bool) -> None:
        if not committed:
            self.dirty = True

    def _turn_day(self, uow: UnitOfWork, now: datetime, day: date) -> None:
        """At the day's turn, yesterday's unfinished tickets are cancelled and windows let go of them."""
        # A no-show stays a no-show: the closed day's reports count citizens who did not come when called.
        HallRows(uow, self.hall_id).cancel_before(day, OPEN)
        uow.emit(now, DayStarted(business_day=day))
        self.dirty = True

    def load(self, conn: Connection, day: date, last_seq: int) -> None:
        sample = self.policy.estimate_sample
        rows = load_live(conn, self.hall_id, day, [s.code for s in self.config.services], sample)
        self.day, self.last_seq = day, last_seq
        self.counters = rows.counters
        self.tickets, self.by_number, self.holders, self.queues = {}, {}, {}, Queues()
        self.staff = {s.no: s for s in rows.staff}
        self.windows = {w.number: w for w in rows.windows}
        for ticket in rows.tickets:
            self._add(ticket)
        for window in self.windows.values():
            if window.current is not None and window.current not in self.tickets:
                window.current = None  # a ticket of an earlier day, or finished elsewhere
        self.handle_minutes = {code: deque(m, maxlen=sample) for code, m in rows.handle_minutes.items()}
        self.dirty = False

    def catch_up(self, conn: Connection, last_seq: int) -> bool:
        """Apply what happened since our last event (another process's commands, a login here) by re-reading
        only the tickets and windows its events name; False when an event may have changed more than that
        (a new configuration, the day's turn, anything unknown): then the caller rebuilds everything."""
        assert self.day is not None
        tickets: set[int] = set()
        windows: set[int] = set()
        finished: set[str] = set()
        for event in events_after(conn, self.hall_id, self.last_seq):
            if event.seq > last_seq:
                break
            if event.type.startswith("ticket."):
                tickets.add(int(event.data["id"]))
                if event.data.get("window") is not None:
                    windows.add(int(event.data["window"]))
                if event.type == "ticket.finished":
                    finished.add(str(event.data["service"]))
            elif event.type == "window.updated":
                windows.add(int(event.data["number"]))
            elif event.type not in _NO_LIVE_STATE:
                return False
        rows = load_changed(conn, self.hall_id, self.day, tickets, windows)
        self.counters = rows.counters
        for ticket in rows.tickets:
            known = self.tickets.get(ticket.id)
            if known is not None:
                if known.state in QUEUED:
                    self.queues.dequeue(known)
                self._forget(known)
                ticket.version = known.version + 1  # past every heap entry of the record it replaces
            if ticket.day != self.day:
                continue
            self.by_number[ticket.number] = ticket.id
            if ticket.state in LIVE:
                self._add(ticket)
        for window in rows.windows:
            if window.current is not None and window.current not in self.tickets:
                window.current = None
            self.windows[window.number] = window
            if window.staff_no is not None and window.staff_no not in self.staff:
                self.staff = {s.no: s for s in all_staff(conn)}
        sample = self.policy.estimate_sample
        for code in finished:
            recent = reversed(recent_handle_minutes(conn, self.hall_id, code, sample))
            self.handle_minutes[code] = deque(recent, maxlen=sample)
        self.last_seq = last_seq
        return True

    def _add(self, ticket: TicketRec) -> None:
        self.tickets[ticket.id] = ticket
        self.by_number[ticket.number] = ticket.id
        if ticket.holder_hash is not None and ticket.state in OPEN:
            self.holders[(ticket.origin_service, ticket.holder_hash)] = ticket.id
        if ticket.state in QUEUED:
            self.queues.enqueue(ticket)

    def _forget(self, ticket: TicketRec) -> None:
        """Done: no longer part of the live state."""
        self.tickets.pop(ticket.id, None)
        if ticket.holder_hash is not None:
            self.holders.pop((ticket.origin_service, ticket.holder_hash), None)

    # --- what the use cases consult -----------------------------------------------------------------------

    def current(self, number: int) -> TicketRec | None:
        """The ticket called to the window or served there, if any."""
        window = self.windows.get(number)
        ticket = self.tickets.get(window.current) if window is not None and window.current is not None else None
        return ticket if ticket is not None and ticket.state in AT_WINDOW else None

    def holding(self, service: str, holder_hash: str) -> TicketRec | None:
        """The open ticket this person already holds for the service."""
        ticket_id = self.holders.get((service, holder_hash))
        ticket = self.tickets.get(ticket_id) if ticket_id is not None else None
        # A citizen who missed the call (过号) holds no open ticket: the same answer before and after a reload.
        return ticket if ticket is not None and ticket.state in OPEN else None

    def open_windows(self) -> set[int]:
        return {number for number, window in self.windows.items() if window.status == "open"}

    def estimate(self, service: ServiceConfig, ahead: int) -> WaitEstimate:
        minutes = self.handle_minutes.get(service.code, ())
        return presenting.wait_estimate(self.config, service, ahead, minutes, self.open_windows())

    def position(self, ticket: TicketRec) -> TicketPosition:
        """A window action's answer: the ticket after it (its place in a queue is read by tracking it)."""
        return presenting.position(self.config, ticket, 0, None, for_window=True)

    def window_view(self, number: int) -> WindowUpdated:
        window = self.windows[number]
        ticket = self.tickets.get(window.current) if window.current is not None else None
        staff = self.staff.get(window.staff_no) if window.staff_no else None
        return presenting.window_out(self.config, window, ticket, staff, WindowUpdated)

    # --- derived events: a window's view, the services' counts ---------------------------------------------

    def publish_window(self, uow: UnitOfWork, now: datetime, number: int) -> WindowOut:
        view = self.window_view(number)
        uow.emit(now, view)
        return view

    def publish_counts(self, uow: UnitOfWork, now: datetime, codes: Iterable[str]) -> None:
        counts = {}
        open_windows = self.open_windows()
        for code in sorted(codes):
            service = self.config.service(code)
            assert service is not None
            counts[code] = presenting.service_counts(
                self.config,
                service,
                now,
                waiting=self.queues.waiting.get(code, 0),
                issued_today=self.counters.get(code, 0),
                handle_minutes=self.handle_minutes.get(code, ()),
                open_windows=open_windows,
            )
            self.told_open[code] = counts[code].open
        uow.emit(now, HallCounts(services=counts))

    def opening_changed(self, now: datetime) -> set[str]:
        """Services that opened or closed by the clock (or their cap) since the last counts told."""
        return {
            s.code
            for s in self.config.services
            if (closed_reason(s, now, self.policy, self.counters.get(s.code, 0)) is None) != self.told_open.get(s.code)
        }

    # --- transitions: rows, memory and the ticket's event, together -------------------------------------

    def issue(
        self,
        uow: UnitOfWork,
        now: datetime,
        service: ServiceConfig,
        channel: Channel,
        *,
        holder_hash: str | None,
        appointment_id: int | None,
        device_id: int | None,
    ) -> tuple[TicketRec, int]:
        """A new ticket at the back of its queue; returns it and how many stand before it."""
        assert self.day is not None
        rows = HallRows(uow, self.hall_id)
        seq = self.counters.get(service.code, 0) + 1
        rows.count_issued(self.day, service.code, seq)
        number = format_number(service.prefix, seq, service.number_width)
        token = secrets.token_urlsafe(12)
        ticket_id = rows.insert_ticket(
            day=self.day,
            service=service.code,
            seq=seq,
            number=number,
            channel=channel.value,
            issued_at=now,
            track_token=token,
            holder_hash=holder_hash,
            appointment_id=appointment_id,
            device_id=device_id,
        )
        if appointment_id is not None:
            rows.check_in_appointment(appointment_id, ticket_id)
        ticket = TicketRec(
            id=ticket_id,
            day=self.day,
            number=number,
            service=service.code,
            origin_service=service.code,
            channel=channel,
            state=S.WAITING,
            issued_at=now,
            queued_at=now,
            front=False,
            target_window=None,
            window=None,
            staff_no=None,
            called_at=None,
            started_at=None,
            recall_count=0,
            transfers=0,
            track_token=token,
            holder_hash=holder_hash,
        )
        self.counters[service.code] = seq
        self._add(ticket)
        ahead = self.queues.ahead_of(ticket)
        uow.emit(now, presenting.ticket_event(TicketIssued, self.config, ticket, issued_at=now, waiting_ahead=ahead))
        return ticket, ahead

    def call(self, uow: UnitOfWork, now: datetime, number: int, ticket: TicketRec, staff_no: str | None) -> None:
        next_state(Action.CALL, ticket.state, ticket.number)
        rows = HallRows(uow, self.hall_id)
        rows.ticket_called(ticket.id, number, staff_no, now)
        if ticket.state in QUEUED:
            self.queues.dequeue(ticket)
        ticket.state, ticket.window, ticket.staff_no = S.CALLED, number, staff_no
        ticket.first_staff_no = ticket.first_staff_no or staff_no
        ticket.called_at, ticket.started_at, ticket.recall_count = now, None, 0
        self._seat(rows, now, number, ticket.id)
        uow.emit(now, presenting.ticket_event(TicketCalled, self.config, ticket, recall=0))

    def recall(self, uow: UnitOfWork, now: datetime, ticket: TicketRec) -> None:
        next_state(Action.RECALL, ticket.state, ticket.number)
        HallRows(uow, self.hall_id).ticket_recalled(ticket.id, ticket.recall_count + 1)
        ticket.recall_count += 1
        uow.emit(now, presenting.ticket_event(TicketCalled, self.config, ticket, recall=ticket.recall_count))

    def start(self, uow: UnitOfWork, now: datetime, ticket: TicketRec) -> None:
        next_state(Action.START, ticket.state, ticket.number)
        HallRows(uow, self.hall_id).ticket_started(ticket.id, now)
        ticket.state, ticket.started_at = S.SERVING, now
        uow.emit(now, presenting.ticket_event(TicketServing, self.config, ticket))

    def finish(self, uow: UnitOfWork, now: datetime, number: int, ticket: TicketRec, result: Finish = DONE) -> None:
        """办结 with its outcome: the window is free, and its pad is asked for a rating."""
        next_state(Action.FINISH, ticket.state, ticket.number)
        started = ticket.started_at or ticket.called_at
        rows = HallRows(uow, self.hall_id)
        rows.ticket_finished(ticket.id, now, started, result.outcome.value)
        if result.missing or result.due or result.note:
            rows.ticket_outcome_details(ticket.id, result.missing, result.due, result.note)
        self._seat(rows, now, number, None)
        ticket.state, ticket.finished_at = S.DONE, now
        ticket.outcome, ticket.missing, ticket.due = result.outcome.value, result.missing, result.due
        if started is not None:
            minutes = self.handle_minutes.setdefault(ticket.service, deque(maxlen=self.policy.estimate_sample))
            minutes.append((now - started).total_seconds() / 60)
        self._forget(ticket)
        uow.emit(now, presenting.ticket_event(TicketFinished, self.config, ticket, outcome=result.outcome.value))
        uow.emit(now, presenting.rating_requested(self.config, number, ticket))

    def leave(self, uow: UnitOfWork, now: datetime, number: int, ticket: TicketRec, action: Action) -> None:
        """过号 (`Action.NO_SHOW`) or 挂起 (`Action.HOLD`): off the window, to be called back there by choice."""
        target = next_state(action, ticket.state, ticket.number)
        rows = HallRows(uow, self.hall_id)
        rows.ticket_state(ticket.id, target)
        ticket.state = target
        self._seat(rows, now, number, None)
        event = TicketNoShow if action is Action.NO_SHOW else TicketHeld
        uow.emit(now, presenting.ticket_event(event, self.config, ticket))

    def transfer(
        self,
        uow: UnitOfWork,
        now: datetime,
        number: int,
        ticket: TicketRec,
        service: ServiceConfig,
        window: int | None,
        front: bool,
        note: str | None = None,
    ) -> None:
        """Re-queued for `service` (at `window` only, if given), at the front (by its issue time) or the back;
        `note` is what this window tells the next one (首问负责: the first clerk stays answerable)."""
        next_state(Action.TRANSFER, ticket.state, ticket.number)
        queued_at = ticket.issued_at if front else now
        rows = HallRows(uow, self.hall_id)
        rows.ticket_transferred(
            ticket.id,
            service=service.code,
            target_window=window,
            front=front,
            queued_at=queued_at,
            transfers=ticket.transfers + 1,
        )
        if note != ticket.transfer_note:
            rows.ticket_transfer_note(ticket.id, note)
        ticket.transfer_note = note
        from_service = ticket.service
        ticket.state, ticket.service, ticket.target_window = S.TRANSFERRED, service.code, window
        ticket.front, ticket.queued_at, ticket.transfers = front, queued_at, ticket.transfers + 1
        self._seat(rows, now, number, None)
        self.queues.enqueue(ticket)
        event = presenting.ticket_event(
            TicketTransferred,
            self.config,
            ticket,
            from_window=number,
            from_service=from_service,
            to_window=window,
            position="front" if front else "back",
        )
        uow.emit(now, event)

    def set_status(self, uow: UnitOfWork, now: datetime, number: int, status: str, reason: str | None) -> None:
        """The window opens for calls again, or pauses with a reason the screens show."""
        HallRows(uow, self.hall_id).window_status(number, status, reason, now)
        window = self.windows[number]
        window.status, window.pause_reason = status, reason

    def _seat(self, rows: HallRows, now: datetime, number: int, ticket_id: int | None) -> None:
        """The window's current ticket: the one just called, or none."""
        rows.window_ticket(number, ticket_id, now)
        self.windows[number].current = ticket_id
