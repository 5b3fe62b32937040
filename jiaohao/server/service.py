"""The hall's use cases: issue a ticket, and every window action. Rules come from `jiaohao.domain`, statements
from `repository`; each write is a command run by the single `Writer` inside one transaction with its events.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Row

from jiaohao.domain import appointments as appt
from jiaohao.domain.call_order import choose
from jiaohao.domain.config import HallConfig, ServiceConfig, WindowConfig
from jiaohao.domain.errors import Conflict, Forbidden, Invalid, NotFound
from jiaohao.domain.numbering import business_day, check_can_issue, format_number
from jiaohao.domain.tickets import Action, Channel, TicketState, next_state
from jiaohao.wire.models import TicketOut, TicketPosition, WindowOut, WindowTicketOut

from . import repository as repo
from . import views
from .unit_of_work import UnitOfWork

S = TicketState


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts on a window: a logged-in staff member, or a caller device such as a keypad hub."""

    staff_no: str | None
    device_id: int | None = None


class HallService:
    def __init__(self, config: HallConfig, track_base_url: str) -> None:
        self.config = config
        self.hall_id = config.hall.id
        self.policy = config.policy
        self.track_base_url = track_base_url.rstrip("/")

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

    def _counts_event(self, uow: UnitOfWork, now: datetime, services: set[str]) -> None:
        day = business_day(now, self.policy)
        open_windows = repo.open_windows(uow.conn, self.hall_id)
        data: dict[str, Any] = {}
        for code in sorted(services):
            service = self._service(code)
            waiting = repo.waiting_count(uow.conn, self.hall_id, day, code)
            data[code] = {
                "waiting": waiting,
                "est_wait_min": views.service_estimate(uow.conn, self.config, service, waiting, open_windows),
                "issued_today": repo.issued_count(uow.conn, self.hall_id, day, code),
            }
        uow.emit("hall.counts", now, {"services": data})

    def _ticket_data(self, row: Row[Any], **extra: Any) -> dict[str, Any]:
        service = self.config.service(row.service)
        window = self.config.window(row.window) if row.window else None
        return {
            "id": row.id,
            "number": row.number,
            "service": row.service,
            "service_name": service.name if service else row.service,
            "channel": row.channel,
            "state": row.state,
            "window": row.window,
            "window_name": window.name if window else None,
            **extra,
        }

    def _window_event(self, uow: UnitOfWork, now: datetime, number: int) -> WindowOut:
        view = views.window_view(uow.conn, self.config, number)
        uow.emit("window.updated", now, view.model_dump(mode="json"))
        return view

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
        conn = uow.conn
        day = business_day(now, self.policy)
        notice: str | None = None
        appointment_id: int | None = None
        if appointment_code:
            row = repo.appointment_by_code(conn, self.hall_id, appointment_code.strip().upper())
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
        check_can_issue(service, now, self.policy, repo.issued_count(conn, self.hall_id, day, service.code))
        holder_hash = self.holder_hash(holder_id) if holder_id else None
        if service.one_open_ticket_per_person:
            if holder_hash is None:
                raise Invalid("holder_required", f"{service.name}每人限取一号，请刷身份证或输入手机号")
            held = repo.open_ticket_of_holder(conn, self.hall_id, day, service.code, holder_hash)
            if held is not None:
                raise Conflict(
                    "already_holding", f"您已持有{service.name}的号码 {held.number}，请留意叫号，无需重复取号"
                )
        seq = repo.next_seq(conn, self.hall_id, day, service.code)
        number = format_number(service.prefix, seq, service.number_width)
        token = secrets.token_urlsafe(12)
        ticket_id = repo.insert_ticket(
            conn,
            {
                "hall_id": self.hall_id,
                "day": day,
                "service": service.code,
                "origin_service": service.code,
                "seq": seq,
                "number": number,
                "channel": channel.value,
                "state": S.WAITING.value,
                "issued_at": now,
                "queued_at": now,
                "front": False,
                "track_token": token,
                "holder_hash": holder_hash,
                "appointment_id": appointment_id,
                "device_id": device_id,
            },
        )
        if appointment_id is not None:
            repo.mark_appointment_used(conn, appointment_id, ticket_id)
        row = repo.get_ticket(conn, self.hall_id, ticket_id)
        assert row is not None
        position = views.ticket_position(conn, self.config, row)
        uow.emit(
            "ticket.issued",
            now,
            self._ticket_data(row, issued_at=now.isoformat(), waiting_ahead=position.waiting_ahead),
        )
        self._counts_event(uow, now, {service.code})
        return TicketOut(
            id=ticket_id,
            number=number,
            service=service.code,
            service_name=service.name,
            channel=channel.value,
            state=S.WAITING.value,
            issued_at=now,
            waiting_ahead=position.waiting_ahead,
            est_wait_min=position.est_wait_min,
            track_url=f"{self.track_base_url}/t/{token}",
            track_token=token,
            checklist=list(service.checklist),
            notice=notice,
        )

    # --- window actions ----------------------------------------------------------------------------------

    def _current(self, conn: Connection, number: int) -> tuple[Row[Any], Row[Any] | None]:
        window = repo.get_window(conn, self.hall_id, number)
        ticket = repo.get_ticket(conn, self.hall_id, window.current_ticket_id) if window.current_ticket_id else None
        if ticket is not None and ticket.state not in (S.CALLED.value, S.SERVING.value):
            ticket = None  # the window's pointer outlived the ticket (e.g. cancelled elsewhere)
        return window, ticket

    def _require_current(self, conn: Connection, number: int) -> Row[Any]:
        _, ticket = self._current(conn, number)
        if ticket is None:
            raise Conflict("no_current_ticket", f"{number} 号窗口当前没有正在叫号或办理的号码")
        return ticket

    def _answer(self, uow: UnitOfWork, now: datetime, number: int, ticket_id: int | None) -> WindowTicketOut:
        view = self._window_event(uow, now, number)
        ticket: TicketPosition | None = None
        if ticket_id is not None:
            row = repo.get_ticket(uow.conn, self.hall_id, ticket_id)
            assert row is not None
            ticket = views.ticket_position(uow.conn, self.config, row)
        return WindowTicketOut(ticket=ticket, window=view)

    def _finish(self, uow: UnitOfWork, now: datetime, number: int, ticket: Row[Any]) -> None:
        next_state(Action.FINISH, S(ticket.state), ticket.number)
        repo.update_ticket(
            uow.conn,
            ticket.id,
            {"state": S.DONE.value, "finished_at": now, "started_at": ticket.started_at or ticket.called_at},
        )
        repo.update_window(uow.conn, self.hall_id, number, {"current_ticket_id": None, "updated_at": now})
        row = repo.get_ticket(uow.conn, self.hall_id, ticket.id)
        assert row is not None
        uow.emit("ticket.finished", now, self._ticket_data(row))
        uow.emit(
            "rating.requested",
            now,
            {
                "window": number,
                "ticket_id": row.id,
                "number": row.number,
                "service": row.service,
                "staff_no": row.staff_no,
            },
        )

    def _call(self, uow: UnitOfWork, now: datetime, number: int, ticket: Row[Any], actor: Actor) -> WindowTicketOut:
        next_state(Action.CALL, S(ticket.state), ticket.number)
        repo.update_ticket(
            uow.conn,
            ticket.id,
            {
                "state": S.CALLED.value,
                "window": number,
                "staff_no": actor.staff_no,
                "called_at": now,
                "started_at": None,
                "recall_count": 0,
            },
        )
        repo.update_window(uow.conn, self.hall_id, number, {"current_ticket_id": ticket.id, "updated_at": now})
        row = repo.get_ticket(uow.conn, self.hall_id, ticket.id)
        assert row is not None
        uow.emit("ticket.called", now, self._ticket_data(row, recall=0))
        self._counts_event(uow, now, {row.service})
        return self._answer(uow, now, number, ticket.id)

    def _ready_to_call(self, uow: UnitOfWork, now: datetime, number: int) -> None:
        window, current = self._current(uow.conn, number)
        if window.status == "paused":
            raise Conflict("window_paused", f"{number} 号窗口已暂停服务，请先恢复服务再叫号")
        if window.status != "open":
            raise Conflict("window_closed", f"{number} 号窗口未登录，请先登录")
        if current is not None:
            # 下一位 means "done with this one". Hall keypads have no start or finish key at all (DESIGN §6):
            # the next call is how a keypad-only window finishes; a citizen who never came is 过号 (6 + confirm).
            self._finish(uow, now, number, current)

    def call_next(self, uow: UnitOfWork, now: datetime, number: int, actor: Actor) -> WindowTicketOut | None:
        window = self._window(number)
        self._ready_to_call(uow, now, number)
        day = business_day(now, self.policy)
        heads = repo.lane_heads(uow.conn, self.hall_id, day, number, window.services)
        starve = timedelta(minutes=self.policy.starve_after_min)
        chosen = choose(heads, window, now, starve)
        if chosen is None:
            self._window_event(uow, now, number)
            return None
        ticket = repo.get_ticket(uow.conn, self.hall_id, chosen.ticket_id)
        assert ticket is not None
        return self._call(uow, now, number, ticket, actor)

    def call_number(
        self, uow: UnitOfWork, now: datetime, number: int, ticket_number: str, actor: Actor
    ) -> WindowTicketOut:
        window = self._window(number)
        day = business_day(now, self.policy)
        ticket = repo.find_by_number(uow.conn, self.hall_id, day, ticket_number.strip().upper())
        if ticket is None:
            raise NotFound("unknown_ticket", f"今天没有 {ticket_number} 号")
        mine = (
            ticket.target_window == number
            or (ticket.target_window is None and ticket.service in window.services)
            or (ticket.window == number and ticket.state in (S.HELD.value, S.NO_SHOW.value))
        )
        if not mine:
            raise Forbidden("not_this_window", f"{ticket.number} 号不属于 {number} 号窗口办理的业务")
        self._ready_to_call(uow, now, number)
        return self._call(uow, now, number, ticket, actor)

    def recall(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        ticket = self._require_current(uow.conn, number)
        next_state(Action.RECALL, S(ticket.state), ticket.number)
        repo.update_ticket(uow.conn, ticket.id, {"recall_count": ticket.recall_count + 1})
        row = repo.get_ticket(uow.conn, self.hall_id, ticket.id)
        assert row is not None
        uow.emit("ticket.called", now, self._ticket_data(row, recall=row.recall_count))
        return self._answer(uow, now, number, ticket.id)

    def start(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        ticket = self._require_current(uow.conn, number)
        next_state(Action.START, S(ticket.state), ticket.number)
        repo.update_ticket(uow.conn, ticket.id, {"state": S.SERVING.value, "started_at": now})
        row = repo.get_ticket(uow.conn, self.hall_id, ticket.id)
        assert row is not None
        uow.emit("ticket.serving", now, self._ticket_data(row))
        return self._answer(uow, now, number, ticket.id)

    def finish(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        ticket = self._require_current(uow.conn, number)
        self._finish(uow, now, number, ticket)
        return self._answer(uow, now, number, ticket.id)

    def _leave_window(self, uow: UnitOfWork, now: datetime, number: int, action: Action, event: str) -> WindowTicketOut:
        ticket = self._require_current(uow.conn, number)
        state = next_state(action, S(ticket.state), ticket.number)
        repo.update_ticket(uow.conn, ticket.id, {"state": state.value})
        repo.update_window(uow.conn, self.hall_id, number, {"current_ticket_id": None, "updated_at": now})
        row = repo.get_ticket(uow.conn, self.hall_id, ticket.id)
        assert row is not None
        uow.emit(event, now, self._ticket_data(row))
        return self._answer(uow, now, number, ticket.id)

    def no_show(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        return self._leave_window(uow, now, number, Action.NO_SHOW, "ticket.no_show")

    def hold(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        return self._leave_window(uow, now, number, Action.HOLD, "ticket.held")

    def transfer(
        self, uow: UnitOfWork, now: datetime, number: int, *, service: str | None, window: int | None, front: bool
    ) -> WindowTicketOut:
        if service is None and window is None:
            raise Invalid("transfer_target", "请选择转移到的业务或窗口")
        ticket = self._require_current(uow.conn, number)
        target_service = self._service(service) if service else self._service(ticket.service)
        if window is not None:
            target = self._window(window)
            if window == number:
                raise Invalid("transfer_same_window", "不能转移到本窗口")
            if target_service.code not in target.services:
                raise Invalid(
                    "transfer_service_mismatch",
                    f"{target.name}不办理{target_service.name}，请选择其他窗口或业务",
                )
        next_state(Action.TRANSFER, S(ticket.state), ticket.number)
        repo.update_ticket(
            uow.conn,
            ticket.id,
            {
                "state": S.TRANSFERRED.value,
                "service": target_service.code,
                "target_window": window,
                "front": front,
                "queued_at": ticket.issued_at if front else now,
                "transfers": ticket.transfers + 1,
            },
        )
        repo.update_window(uow.conn, self.hall_id, number, {"current_ticket_id": None, "updated_at": now})
        row = repo.get_ticket(uow.conn, self.hall_id, ticket.id)
        assert row is not None
        uow.emit(
            "ticket.transferred",
            now,
            self._ticket_data(
                row,
                from_window=number,
                from_service=ticket.service,
                to_window=window,
                position="front" if front else "back",
            ),
        )
        self._counts_event(uow, now, {ticket.service, target_service.code})
        return self._answer(uow, now, number, ticket.id)

    def pause(self, uow: UnitOfWork, now: datetime, number: int, reason: str | None) -> WindowOut:
        self._window(number)
        window = repo.get_window(uow.conn, self.hall_id, number)
        if window.status == "closed":
            raise Conflict("window_closed", f"{number} 号窗口未登录，请先登录")
        repo.update_window(
            uow.conn,
            self.hall_id,
            number,
            {"status": "paused", "pause_reason": reason or "暂停服务", "updated_at": now},
        )
        view = self._window_event(uow, now, number)
        self._counts_event(uow, now, set(self._window(number).services))
        return view

    def resume(self, uow: UnitOfWork, now: datetime, number: int) -> WindowOut:
        self._window(number)
        window = repo.get_window(uow.conn, self.hall_id, number)
        if window.status == "closed":
            raise Conflict("window_closed", f"{number} 号窗口未登录，请先登录")
        repo.update_window(uow.conn, self.hall_id, number, {"status": "open", "pause_reason": None, "updated_at": now})
        view = self._window_event(uow, now, number)
        self._counts_event(uow, now, set(self._window(number).services))
        return view
