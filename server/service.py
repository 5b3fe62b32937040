"""The hall's use cases: issue a ticket, and every window action.

Rules come from `jiaohao.domain`; what is queued where comes from the writer's `HallState`; each change is
written with plain statements (`FastSql`) in the writer's transaction, with its events. A command checks
everything before it changes anything, so a refused command leaves state and database as they were.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update

from jiaohao.domain import appointments as appt
from jiaohao.domain.call_order import choose
from jiaohao.domain.config import HallConfig, ServiceConfig, WindowConfig
from jiaohao.domain.errors import Conflict, Forbidden, Invalid, NotFound
from jiaohao.domain.estimate import average_handle_min, estimated_wait_min
from jiaohao.domain.numbering import business_day, check_can_issue, format_number
from jiaohao.domain.tickets import AT_WINDOW, Action, Channel, TicketState, next_state
from jiaohao.wire.models import TicketOut, TicketPosition, WindowOut, WindowTicketOut

from . import repository as repo
from .fastsql import FastSql
from .state import HallState, TicketRec, WindowRec
from .storage.models import Appointment
from .unit_of_work import UnitOfWork
from .views import closed_reason, photo_url

S = TicketState

_INSERT_TICKET = (
    "INSERT INTO tickets (hall_id, day, service, seq, number, channel, state, issued_at, queued_at, front,"
    " origin_service, track_token, holder_hash, appointment_id, device_id, recall_count, transfers)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0) RETURNING id"
)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts on a window: a logged-in staff member, or a caller device such as a keypad hub."""

    staff_no: str | None
    device_id: int | None = None


class HallService:
    def __init__(self, config: HallConfig, track_base_url: str, clock_now: Callable[[], datetime]) -> None:
        self.clock_now = clock_now
        self.config = config
        self.hall_id = config.hall.id
        self.policy = config.policy
        self.track_base_url = track_base_url.rstrip("/")
        self.state = HallState(config)
        self._open: dict[str, bool] = {}  # as last told in a hall.counts event

    # --- keeping the state fresh: the writer calls these around every command and batch ------------------

    def before_command(self, uow: UnitOfWork) -> None:
        """Reload the state if anything but our own fast-path commands has moved the hall's event counter:
        another server process, a login (windows, staff), or an earlier command that failed half-way."""
        now = self.clock_now()
        day = business_day(now, self.policy)
        if self.state.day is not None and self.state.day != day:
            self._close_earlier_days(uow, now, day)
        if not self.state.fresh(day, uow.current_seq):
            self.state.load(uow.conn, day, uow.current_seq)

    def after_command(self, uow: UnitOfWork, ok: bool) -> None:
        if ok and uow.touched:
            # Our own change, already in memory. (A command outside the fast path that emitted events leaves
            # last_seq behind, so the next command reloads what it may have changed.)
            self.state.last_seq = uow.current_seq
        elif uow.touched:
            self.state.dirty = True  # rolled back after changing memory: rebuild before the next command

    def after_batch(self, committed: bool) -> None:
        if not committed:
            self.state.dirty = True

    def _close_earlier_days(self, uow: UnitOfWork, now: datetime, day: Any) -> None:
        """At the day's turn, yesterday's unfinished tickets are cancelled and windows let go of them."""
        sql = FastSql(uow)
        live = ("waiting", "transferred", "called", "serving", "held", "no_show")
        marks = ", ".join("?" for _ in live)
        sql.execute(
            f"UPDATE tickets SET state = 'cancelled' WHERE hall_id = ? AND day < ? AND state IN ({marks})",
            (self.hall_id, sql.day(day), *live),
        )
        sql.execute(
            "UPDATE windows SET current_ticket_id = NULL WHERE hall_id = ? AND current_ticket_id IS NOT NULL",
            (self.hall_id,),
        )
        uow.emit("day.started", now, {"business_day": day.isoformat()})
        self.state.dirty = True

    # --- helpers ---------------------------------------------------------------------------------------

    def _service(self, code: str) -> ServiceConfig:
        service = self.config.service(code)
        if service is None:
            raise NotFound("unknown_service", f"没有这项业务：{code}")
        return service

    def _window(self, number: int) -> WindowConfig:
        window = self.config.window(number)
        if window is None:
            raise NotFound("unknown_window", f"没有 {number} 号窗口")
        return window

    def holder_hash(self, holder_id: str) -> str:
        return hashlib.sha256(f"{self.hall_id}:{holder_id.strip().upper()}".encode()).hexdigest()

    def estimate(self, service: ServiceConfig, ahead: int) -> int:
        avg = average_handle_min(list(self.state.handle_minutes.get(service.code, ())), service.avg_handle_min)
        open_windows = sum(
            1
            for w in self.config.windows_for(service.code)
            if (rec := self.state.windows.get(w.number)) is not None and rec.status == "open"
        )
        return estimated_wait_min(ahead, avg, open_windows)

    def _counts_event(self, uow: UnitOfWork, now: datetime, services: set[str]) -> None:
        data: dict[str, Any] = {}
        for code in sorted(services):
            service = self._service(code)
            waiting = self.state.waiting.get(code, 0)
            issued = self.state.counters.get(code, 0)
            reason = closed_reason(self.config, service, now, issued)
            self._open[code] = reason is None
            data[code] = {
                "waiting": waiting,
                "est_wait_min": self.estimate(service, waiting),
                "issued_today": issued,
                "open": reason is None,
                "closed_reason": reason,
            }
        uow.emit("hall.counts", now, {"services": data})

    def check_opening(self, uow: UnitOfWork, now: datetime) -> None:
        """Services open and close by the clock: tell the kiosks and screens when that happens."""
        changed = {
            s.code
            for s in self.config.services
            if (closed_reason(self.config, s, now, self.state.counters.get(s.code, 0)) is None)
            != self._open.get(s.code)
        }
        if changed:
            self._counts_event(uow, now, changed)

    def _ticket_data(self, t: TicketRec, **extra: Any) -> dict[str, Any]:
        service = self.config.service(t.service)
        window = self.config.window(t.window) if t.window else None
        return {
            "id": t.id,
            "number": t.number,
            "service": t.service,
            "service_name": service.name if service else t.service,
            "channel": t.channel.value,
            "state": t.state.value,
            "window": t.window,
            "window_name": window.name if window else None,
            **extra,
        }

    def window_view(self, number: int) -> WindowOut:
        rec = self.state.windows[number]
        window = self._window(number)
        ticket = self.state.tickets.get(rec.current) if rec.current is not None else None
        staff = self.state.staff.get(rec.staff_no) if rec.staff_no else None
        return WindowOut(
            number=number,
            name=window.name,
            kind=window.kind,
            services=list(window.services),
            status=rec.status,
            pause_reason=rec.pause_reason,
            serving=ticket.number if ticket else None,
            serving_state=ticket.state.value if ticket else None,
            staff_no=staff.no if staff else rec.staff_no,
            staff_name=staff.name if staff else None,
            staff_title=staff.title if staff else None,
            staff_photo=photo_url(staff.no) if staff and staff.photo else None,
            called_at=ticket.called_at if ticket else None,
        )

    def _window_event(self, uow: UnitOfWork, now: datetime, number: int) -> WindowOut:
        view = self.window_view(number)
        uow.emit("window.updated", now, view.model_dump(mode="json"))
        return view

    def position(self, t: TicketRec, ahead: int = 0) -> TicketPosition:
        service = self._service(t.service)
        queued = t.state in (S.WAITING, S.TRANSFERRED)
        return TicketPosition(
            id=t.id,
            number=t.number,
            service=t.service,
            service_name=service.name,
            channel=t.channel.value,
            state=t.state.value,
            issued_at=t.issued_at,
            waiting_ahead=ahead if queued else 0,
            est_wait_min=self.estimate(service, ahead) if queued else 0,
            window=t.window,
            recall=t.recall_count,
        )

    # --- issuing -----------------------------------------------------------------------------------------

    def issue(
        self,
        uow: UnitOfWork,
        now: datetime,
        *,
        service_code: str | None,
        channel: Channel,
        appointment_code: str | None,
        holder_id: str | None,
        device_id: int | None,
    ) -> TicketOut:
        state = self.state
        notice: str | None = None
        appointment_id: int | None = None
        if appointment_code:
            row = repo.appointment_by_code(uow.conn, self.hall_id, appointment_code.strip().upper())
            if row is None:
                raise NotFound("appointment_not_found", "未找到该预约码，请核对后重新输入")
            slot = appt.parse_slot(row.day.isoformat(), row.slot)
            result = appt.check_in(slot, row.status != "booked", now, self.policy)
            service_code = row.service
            if result is appt.CheckIn.OK:
                channel = Channel.APPOINTMENT
                appointment_id = row.id
            elif self.policy.appointment_fallback_normal:
                channel = Channel.NORMAL
                notice = appt.check_in_message(result, slot, self.policy) + "；已为您取普通号"
            else:
                raise appt.refuse(result, slot, self.policy)
        if not service_code:
            raise Invalid("service_required", "请选择要办理的业务")
        service = self._service(service_code)
        if channel is Channel.GREEN and not service.green_channel:
            raise Conflict("no_green_channel", f"{service.name}未开设绿色通道，请取普通号")
        issued = state.counters.get(service.code, 0)
        check_can_issue(service, now, self.policy, issued)
        holder_hash = self.holder_hash(holder_id) if holder_id else None
        if service.one_open_ticket_per_person:
            if holder_hash is None:
                raise Invalid("holder_required", f"{service.name}每人限取一号，请刷身份证或输入手机号")
            held = state.holders.get((service.code, holder_hash))
            if held is not None and held in state.tickets:
                number = state.tickets[held].number
                raise Conflict("already_holding", f"您已持有{service.name}的号码 {number}，请留意叫号，无需重复取号")

        # Checked; from here on, write.
        sql = FastSql(uow)
        seq = issued + 1
        assert state.day is not None
        if issued:
            sql.execute(
                "UPDATE ticket_counters SET last_seq = ? WHERE hall_id = ? AND day = ? AND service = ?",
                (seq, self.hall_id, sql.day(state.day), service.code),
            )
        else:
            sql.execute(
                "INSERT INTO ticket_counters (hall_id, day, service, last_seq) VALUES (?, ?, ?, ?)",
                (self.hall_id, sql.day(state.day), service.code, seq),
            )
        number = format_number(service.prefix, seq, service.number_width)
        token = secrets.token_urlsafe(12)
        ticket_id = int(
            sql.execute(
                _INSERT_TICKET,
                (
                    self.hall_id,
                    sql.day(state.day),
                    service.code,
                    seq,
                    number,
                    channel.value,
                    S.WAITING.value,
                    sql.dt(now),
                    sql.dt(now),
                    sql.flag(False),
                    service.code,
                    token,
                    holder_hash,
                    appointment_id,
                    device_id,
                ),
            ).fetchone()[0]
        )
        if appointment_id is not None:
            uow.conn.execute(
                update(Appointment)
                .where(Appointment.id == appointment_id)
                .values(status="checked_in", ticket_id=ticket_id)
            )
        ticket = TicketRec(
            ticket_id,
            number,
            service.code,
            service.code,
            channel,
            S.WAITING,
            now,
            now,
            False,
            None,
            None,
            None,
            None,
            None,
            0,
            0,
            token,
            holder_hash,
        )
        state.counters[service.code] = seq
        state.add(ticket)
        ahead = state.ahead_of(ticket)
        uow.emit("ticket.issued", now, self._ticket_data(ticket, issued_at=now.isoformat(), waiting_ahead=ahead))
        self._counts_event(uow, now, {service.code})
        return TicketOut(
            id=ticket_id,
            number=number,
            service=service.code,
            service_name=service.name,
            channel=channel.value,
            state=S.WAITING.value,
            issued_at=now,
            waiting_ahead=ahead,
            est_wait_min=self.estimate(service, ahead),
            track_url=f"{self.track_base_url}/t/{token}",
            track_token=token,
            checklist=list(service.checklist),
            notice=notice,
        )

    # --- window actions ----------------------------------------------------------------------------------

    def _rec(self, number: int) -> WindowRec:
        self._window(number)
        rec = self.state.windows.get(number)
        if rec is None:
            raise NotFound("unknown_window", f"没有 {number} 号窗口")
        return rec

    def _current(self, number: int) -> TicketRec | None:
        rec = self._rec(number)
        ticket = self.state.tickets.get(rec.current) if rec.current is not None else None
        return ticket if ticket is not None and ticket.state in AT_WINDOW else None

    def _require_current(self, number: int) -> TicketRec:
        ticket = self._current(number)
        if ticket is None:
            raise Conflict("no_current_ticket", f"{number} 号窗口当前没有正在叫号或办理的号码")
        return ticket

    def _answer(self, uow: UnitOfWork, now: datetime, number: int, ticket: TicketRec | None) -> WindowTicketOut:
        view = self._window_event(uow, now, number)
        return WindowTicketOut(ticket=self.position(ticket) if ticket is not None else None, window=view)

    def _set_window_ticket(self, sql: FastSql, now: datetime, number: int, ticket_id: int | None) -> None:
        sql.execute(
            "UPDATE windows SET current_ticket_id = ?, updated_at = ? WHERE hall_id = ? AND number = ?",
            (ticket_id, sql.dt(now), self.hall_id, number),
        )
        self.state.windows[number].current = ticket_id

    def _finish(self, uow: UnitOfWork, sql: FastSql, now: datetime, number: int, ticket: TicketRec) -> None:
        next_state(Action.FINISH, ticket.state, ticket.number)
        started = ticket.started_at or ticket.called_at
        sql.execute(
            "UPDATE tickets SET state = ?, finished_at = ?, started_at = ? WHERE id = ?",
            (S.DONE.value, sql.dt(now), sql.dt(started), ticket.id),
        )
        self._set_window_ticket(sql, now, number, None)
        ticket.state = S.DONE
        if started is not None:
            self.state.handle_minutes.setdefault(ticket.service, deque(maxlen=self.policy.estimate_sample)).append(
                (now - started).total_seconds() / 60
            )
        self.state.forget(ticket)
        uow.emit("ticket.finished", now, self._ticket_data(ticket))
        uow.emit(
            "rating.requested",
            now,
            {
                "window": number,
                "ticket_id": ticket.id,
                "number": ticket.number,
                "service": ticket.service,
                "service_name": self._service(ticket.service).name,
                "staff_no": ticket.staff_no,
                "reasons": list(self.policy.rating_reasons),
            },
        )

    def _call(
        self, uow: UnitOfWork, sql: FastSql, now: datetime, number: int, ticket: TicketRec, actor: Actor
    ) -> WindowTicketOut:
        next_state(Action.CALL, ticket.state, ticket.number)
        sql.execute(
            'UPDATE tickets SET state = ?, "window" = ?, staff_no = ?, called_at = ?, started_at = NULL,'
            " first_called_at = COALESCE(first_called_at, ?), recall_count = 0 WHERE id = ?",
            (S.CALLED.value, number, actor.staff_no, sql.dt(now), sql.dt(now), ticket.id),
        )
        if ticket.state in (S.WAITING, S.TRANSFERRED):
            self.state.dequeue(ticket)
        ticket.state, ticket.window, ticket.staff_no = S.CALLED, number, actor.staff_no
        ticket.called_at, ticket.started_at, ticket.recall_count = now, None, 0
        self._set_window_ticket(sql, now, number, ticket.id)
        uow.emit("ticket.called", now, self._ticket_data(ticket, recall=0))
        self._counts_event(uow, now, {ticket.service})
        return self._answer(uow, now, number, ticket)

    def _check_ready_to_call(self, number: int) -> TicketRec | None:
        rec = self._rec(number)
        if rec.status == "paused":
            raise Conflict("window_paused", f"{number} 号窗口已暂停服务，请先恢复服务再叫号")
        if rec.status != "open":
            raise Conflict("window_closed", f"{number} 号窗口未登录，请先登录")
        return self._current(number)

    def call_next(self, uow: UnitOfWork, now: datetime, number: int, actor: Actor) -> WindowTicketOut | None:
        window = self._window(number)
        current = self._check_ready_to_call(number)
        sql = FastSql(uow)
        if current is not None:
            # 下一位 means "done with this one". Hall keypads have no start or finish key at all (DESIGN §6):
            # the next call is how a keypad-only window finishes; a citizen who never came is 过号 (6 + confirm).
            self._finish(uow, sql, now, number, current)
        heads = self.state.heads(number, window.services)
        chosen = choose(heads, window, now, timedelta(minutes=self.policy.starve_after_min))
        if chosen is None:
            if current is not None:
                self._window_event(uow, now, number)
            return None
        return self._call(uow, sql, now, number, self.state.tickets[chosen.ticket_id], actor)

    def call_number(
        self, uow: UnitOfWork, now: datetime, number: int, ticket_number: str, actor: Actor
    ) -> WindowTicketOut:
        window = self._window(number)
        ticket_id = self.state.by_number.get(ticket_number.strip().upper())
        ticket = self.state.tickets.get(ticket_id) if ticket_id is not None else None
        if ticket is None:
            if ticket_id is not None:  # issued today, but done or cancelled since
                raise Conflict("invalid_state", f"{ticket_number.strip().upper()} 号已办结或已取消，不能叫号")
            raise NotFound("unknown_ticket", f"今天没有 {ticket_number} 号")
        mine = (
            ticket.target_window == number
            or (ticket.target_window is None and ticket.service in window.services)
            or (ticket.window == number and ticket.state in (S.HELD, S.NO_SHOW))
        )
        if not mine:
            raise Forbidden("not_this_window", f"{ticket.number} 号不属于 {number} 号窗口办理的业务")
        next_state(Action.CALL, ticket.state, ticket.number)
        current = self._check_ready_to_call(number)
        sql = FastSql(uow)
        if current is not None:
            self._finish(uow, sql, now, number, current)
        return self._call(uow, sql, now, number, ticket, actor)

    def recall(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        ticket = self._require_current(number)
        next_state(Action.RECALL, ticket.state, ticket.number)
        sql = FastSql(uow)
        sql.execute("UPDATE tickets SET recall_count = ? WHERE id = ?", (ticket.recall_count + 1, ticket.id))
        ticket.recall_count += 1
        uow.emit("ticket.called", now, self._ticket_data(ticket, recall=ticket.recall_count))
        return self._answer(uow, now, number, ticket)

    def start(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        ticket = self._require_current(number)
        next_state(Action.START, ticket.state, ticket.number)
        sql = FastSql(uow)
        sql.execute(
            "UPDATE tickets SET state = ?, started_at = ? WHERE id = ?", (S.SERVING.value, sql.dt(now), ticket.id)
        )
        ticket.state, ticket.started_at = S.SERVING, now
        uow.emit("ticket.serving", now, self._ticket_data(ticket))
        return self._answer(uow, now, number, ticket)

    def finish(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        ticket = self._require_current(number)
        self._finish(uow, FastSql(uow), now, number, ticket)
        return self._answer(uow, now, number, ticket)

    def _leave_window(self, uow: UnitOfWork, now: datetime, number: int, action: Action, event: str) -> WindowTicketOut:
        ticket = self._require_current(number)
        target = next_state(action, ticket.state, ticket.number)
        sql = FastSql(uow)
        sql.execute("UPDATE tickets SET state = ? WHERE id = ?", (target.value, ticket.id))
        ticket.state = target
        self._set_window_ticket(sql, now, number, None)
        uow.emit(event, now, self._ticket_data(ticket))
        return self._answer(uow, now, number, ticket)

    def no_show(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        return self._leave_window(uow, now, number, Action.NO_SHOW, "ticket.no_show")

    def hold(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        return self._leave_window(uow, now, number, Action.HOLD, "ticket.held")

    def transfer(
        self, uow: UnitOfWork, now: datetime, number: int, *, service: str | None, window: int | None, front: bool
    ) -> WindowTicketOut:
        if service is None and window is None:
            raise Invalid("transfer_target", "请选择转移到的业务或窗口")
        ticket = self._require_current(number)
        target_service = self._service(service) if service else self._service(ticket.service)
        if window is not None:
            target = self._window(window)
            if window == number:
                raise Invalid("transfer_same_window", "不能转移到本窗口")
            if target_service.code not in target.services:
                raise Invalid(
                    "transfer_service_mismatch", f"{target.name}不办理{target_service.name}，请选择其他窗口或业务"
                )
        next_state(Action.TRANSFER, ticket.state, ticket.number)
        queued_at = ticket.issued_at if front else now
        sql = FastSql(uow)
        sql.execute(
            "UPDATE tickets SET state = ?, service = ?, target_window = ?, front = ?, queued_at = ?, transfers = ?"
            " WHERE id = ?",
            (
                S.TRANSFERRED.value,
                target_service.code,
                window,
                sql.flag(front),
                sql.dt(queued_at),
                ticket.transfers + 1,
                ticket.id,
            ),
        )
        from_service = ticket.service
        ticket.state, ticket.service, ticket.target_window = S.TRANSFERRED, target_service.code, window
        ticket.front, ticket.queued_at, ticket.transfers = front, queued_at, ticket.transfers + 1
        self._set_window_ticket(sql, now, number, None)
        self.state.enqueue(ticket)
        uow.emit(
            "ticket.transferred",
            now,
            self._ticket_data(
                ticket,
                from_window=number,
                from_service=from_service,
                to_window=window,
                position="front" if front else "back",
            ),
        )
        self._counts_event(uow, now, {from_service, target_service.code})
        return self._answer(uow, now, number, ticket)

    def _set_status(self, uow: UnitOfWork, now: datetime, number: int, status: str, reason: str | None) -> WindowOut:
        rec = self._rec(number)
        if rec.status == "closed":
            raise Conflict("window_closed", f"{number} 号窗口未登录，请先登录")
        sql = FastSql(uow)
        sql.execute(
            "UPDATE windows SET status = ?, pause_reason = ?, updated_at = ? WHERE hall_id = ? AND number = ?",
            (status, reason, sql.dt(now), self.hall_id, number),
        )
        rec.status, rec.pause_reason = status, reason
        view = self._window_event(uow, now, number)
        self._counts_event(uow, now, set(self._window(number).services))
        return view

    def pause(self, uow: UnitOfWork, now: datetime, number: int, reason: str | None) -> WindowOut:
        return self._set_status(uow, now, number, "paused", reason or "暂停服务")

    def resume(self, uow: UnitOfWork, now: datetime, number: int) -> WindowOut:
        return self._set_status(uow, now, number, "open", None)
