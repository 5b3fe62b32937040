"""The hall's use cases: issue a ticket, and every window action.

Rules come from `jiaohao.domain`; what is queued where, and every change, from the writer's `LiveHall`
(server/live_hall.py); answers and derived events from `presenting`. A command checks everything before it
changes anything, so a refused command leaves memory and database as they were.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from jiaohao.domain import appointments as appt
from jiaohao.domain import booking as booking_rules
from jiaohao.domain.call_order import choose
from jiaohao.domain.config import HallConfig, ServiceConfig, WindowConfig
from jiaohao.domain.errors import Conflict, Forbidden, Invalid, NotFound
from jiaohao.domain.holders import normalise_holder
from jiaohao.domain.numbering import business_day, check_can_issue
from jiaohao.domain.outcomes import Outcome, check_finish
from jiaohao.domain.tickets import QUEUED, Action, Channel, TicketState, next_state
from jiaohao.wire.models import FinishIn, TicketOut, WindowOut, WindowTicketOut

from . import presenting, reminders
from .followups import FollowUpService
from .live_hall import DONE, LiveHall
from .records import TicketRec, WindowRec
from .storage import appointments
from .storage import tickets as ticket_rows
from .storage.unit_of_work import UnitOfWork

S = TicketState


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts on a window: a logged-in staff member, or a caller device such as a keypad hub."""

    staff_no: str | None
    device_id: int | None = None


class HallService:
    def __init__(
        self,
        config: HallConfig,
        track_base_url: str,
        clock_now: Callable[[], datetime],
        followups: FollowUpService | None = None,
    ) -> None:
        self.config = config
        self.followups = followups or FollowUpService(config)
        self.hall_id = config.hall.id
        self.policy = config.policy
        self.track_base_url = track_base_url.rstrip("/")
        self.hall = LiveHall(config, clock_now)

    # --- looking things up ------------------------------------------------------------------------------

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

    def _rec(self, number: int) -> WindowRec:
        self._window(number)
        rec = self.hall.windows.get(number)
        if rec is None:
            raise NotFound("unknown_window", f"没有 {number} 号窗口")
        return rec

    def _require_current(self, number: int) -> TicketRec:
        self._rec(number)
        ticket = self.hall.current(number)
        if ticket is None:
            raise Conflict("no_current_ticket", f"{number} 号窗口当前没有正在叫号或办理的号码")
        return ticket

    def _check_ready_to_call(self, number: int) -> TicketRec | None:
        rec = self._rec(number)
        if rec.status == "paused":
            raise Conflict("window_paused", f"{number} 号窗口已暂停服务，请先恢复服务再叫号")
        if rec.status != "open":
            raise Conflict("window_closed", f"{number} 号窗口未登录，请先登录")
        return self.hall.current(number)

    def holder_hash(self, holder_id: str) -> str:
        """One person, one hash: the same phone or ID number however it was typed (holders.normalise)."""
        return hashlib.sha256(f"{self.hall_id}:{normalise_holder(holder_id)}".encode()).hexdigest()

    def check_opening(self, uow: UnitOfWork, now: datetime) -> None:
        """Services open and close by the clock: tell the kiosks and screens when that happens."""
        changed = self.hall.opening_changed(now)
        if changed:
            self.hall.publish_counts(uow, now, changed)

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
        notify_phone: str | None = None,
        appointment_phone_tail: str | None = None,
    ) -> TicketOut:
        notice: str | None = None
        phone = self._reminder_phone(notify_phone) if notify_phone else None
        appointment_id: int | None = None
        if not appointment_code and appointment_phone_tail:
            appointment_code = self._code_by_phone_tail(uow, now, appointment_phone_tail, holder_id)
        if appointment_code:
            service_code, channel, appointment_id, notice = self._check_in(uow, now, appointment_code)
        if not service_code:
            raise Invalid("service_required", "请选择要办理的业务")
        service = self._service(service_code)
        if channel is Channel.GREEN and not service.green_channel:
            raise Conflict("no_green_channel", f"{service.name}未开设绿色通道，请取普通号")
        check_can_issue(service, now, self.policy, self.hall.counters.get(service.code, 0))
        holder_hash = self.holder_hash(holder_id) if holder_id else None
        if service.one_open_ticket_per_person:
            if holder_hash is None:
                raise Invalid("holder_required", f"{service.name}每人限取一号，请刷身份证或输入手机号")
            held = self.hall.holding(service.code, holder_hash)
            if held is not None:
                raise Conflict(
                    "already_holding", f"您已持有{service.name}的号码 {held.number}，请留意叫号，无需重复取号"
                )

        ticket, ahead = self.hall.issue(
            uow, now, service, channel, holder_hash=holder_hash, appointment_id=appointment_id, device_id=device_id
        )
        self.hall.publish_counts(uow, now, {service.code})
        if phone is not None:
            reminders.watch_ticket(uow.conn, self.config, now, ticket.id, ticket.number, phone)
        estimate = self.hall.estimate(service, ahead)
        return presenting.issued(self.config, ticket, ahead, estimate, self.track_base_url, notice)

    def notify(self, uow: UnitOfWork, now: datetime, ticket_id: int, phone: str) -> None:
        """短信提醒我, asked on the kiosk's result screen: watch a ticket that is still waiting."""
        normalised = self._reminder_phone(phone)
        ticket = self.hall.tickets.get(ticket_id)
        if ticket is None or ticket.state not in QUEUED:
            raise Conflict("not_waiting", "该号码已不在等候中，无法登记短信提醒")
        if reminders.watching(uow.conn, self.hall_id, now, ticket_id):
            raise Conflict("already_notified", "该号码已登记短信提醒")
        reminders.watch_ticket(uow.conn, self.config, now, ticket.id, ticket.number, normalised)

    def _code_by_phone_tail(self, uow: UnitOfWork, now: datetime, tail: str, holder_id: str | None) -> str:
        """A citizen without the code: today's booking made with this ID and a phone ending in `tail`."""
        if not holder_id:
            raise Invalid("holder_required", "请刷身份证或输入身份证号")
        holder_hash = booking_rules.person_hash(self.hall_id, "id", booking_rules.normalise_holder_id(holder_id))
        today = now.astimezone(self.policy.zone).date()
        found = [
            b
            for b in appointments.booked_by_holder(uow.conn, self.hall_id, holder_hash, today)
            if b.phone_masked.endswith(tail)
        ]
        if not found:
            raise NotFound(
                "appointment_not_found_by_phone", "未找到您今天的预约，请核对手机号后四位和身份证号，或输入预约码"
            )
        return found[0].code  # the earliest open booking of the day; else a used one, refused as used

    def _reminder_phone(self, phone: str) -> str:
        if self.config.reminders.channel == "off":
            raise Conflict("reminders_off", "本大厅未开通短信提醒，请留意屏幕和语音叫号")
        return booking_rules.normalise_phone(phone)

    def _ahead_of(self, uow: UnitOfWork, ticket_id: int) -> int | None:
        """People before a waiting ticket, counted as its phone page counts them; None when not waiting."""
        ticket = self.hall.tickets.get(ticket_id)
        if ticket is None or ticket.state not in QUEUED:
            return None
        return ticket_rows.ahead_of(uow.conn, self.hall_id, ticket)

    def _check_in(self, uow: UnitOfWork, now: datetime, code: str) -> tuple[str, Channel, int | None, str | None]:
        """A booking code at the kiosk → (service, channel, the booking to spend, a notice for the citizen).

        A used or cancelled code never gives a ticket. A code outside its time gives the appointment's time
        back, unless policy issues a normal ticket instead; then the booking is spent too (marked checked in
        with that ticket), so the same code cannot give a second ticket. A booking for another day is never
        spent here: the citizen keeps it."""
        booking = appointments.by_code(uow.conn, self.hall_id, code.strip().upper())
        if booking is None:
            raise NotFound("appointment_not_found", "未找到该预约码，请核对后重新输入")
        if booking.status == "cancelled":
            raise Conflict("appointment_cancelled", "该预约已取消，请重新预约或现场取号")
        slot = appt.parse_slot(booking.day.isoformat(), booking.slot)
        result = appt.check_in(slot, booking.status != "booked", now, self.policy)
        if result is appt.CheckIn.OK:
            return booking.service, Channel.APPOINTMENT, booking.id, None
        if result in (appt.CheckIn.USED, appt.CheckIn.WRONG_DAY) or not self.policy.appointment_fallback_normal:
            raise appt.refuse(result, slot, self.policy)
        notice = f"未在预约时段内签到（预约时段 {slot.text()}），已为您取普通号，该预约码已使用"
        return booking.service, Channel.NORMAL, booking.id, notice

    # --- window actions ----------------------------------------------------------------------------------

    def _answer(self, uow: UnitOfWork, now: datetime, number: int, ticket: TicketRec | None) -> WindowTicketOut:
        view = self.hall.publish_window(uow, now, number)
        return WindowTicketOut(ticket=self.hall.position(ticket) if ticket is not None else None, window=view)

    def _call(self, uow: UnitOfWork, now: datetime, number: int, ticket: TicketRec, actor: Actor) -> WindowTicketOut:
        # A caller device (the keypad hub) acts for the clerk logged in at that window: the call is theirs.
        staff_no = actor.staff_no or self.hall.windows[number].staff_no
        self.hall.call(uow, now, number, ticket, staff_no)
        self.hall.publish_counts(uow, now, {ticket.service})
        if self.config.reminders.channel != "off":  # a hall without reminders pays nothing on its hot path
            ahead_of = partial(self._ahead_of, uow)
            reminders.after_call(uow.conn, self.config, now, ticket.id, number, ahead_of)
        return self._answer(uow, now, number, ticket)

    def call_next(self, uow: UnitOfWork, now: datetime, number: int, actor: Actor) -> WindowTicketOut | None:
        window = self._window(number)
        current = self._check_ready_to_call(number)
        if current is not None:
            # 下一位 means "done with this one". Hall keypads have no start or finish key at all (DESIGN §6):
            # the next call is how a keypad-only window finishes; a citizen who never came is 过号 (6 + confirm).
            self.hall.finish(uow, now, number, current)
        heads = self.hall.queues.heads(number, window.services, self.hall.tickets.get)
        chosen = choose(heads, window, now, timedelta(minutes=self.policy.starve_after_min))
        if chosen is None:
            if current is not None:
                self.hall.publish_window(uow, now, number)
            return None
        return self._call(uow, now, number, self.hall.tickets[chosen.ticket_id], actor)

    def call_number(
        self, uow: UnitOfWork, now: datetime, number: int, ticket_number: str, actor: Actor
    ) -> WindowTicketOut:
        window = self._window(number)
        wanted = ticket_number.strip().upper()
        ticket_id = self.hall.by_number.get(wanted)
        ticket = self.hall.tickets.get(ticket_id) if ticket_id is not None else None
        if ticket is None:
            if ticket_id is not None:  # issued today, but done or cancelled since
                raise Conflict("invalid_state", f"{wanted} 号已办结或已取消，不能叫号")
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
        if current is not None:
            self.hall.finish(uow, now, number, current)
        return self._call(uow, now, number, ticket, actor)

    def recall(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        ticket = self._require_current(number)
        self.hall.recall(uow, now, ticket)
        return self._answer(uow, now, number, ticket)

    def start(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        ticket = self._require_current(number)
        self.hall.start(uow, now, ticket)
        return self._answer(uow, now, number, ticket)

    def finish(self, uow: UnitOfWork, now: datetime, number: int, body: FinishIn | None = None) -> WindowTicketOut:
        """办结 with its outcome; a 容缺受理 opens a follow-up owned by the clerk who first took the case."""
        ticket = self._require_current(number)
        today = business_day(now, self.policy)
        result = DONE if body is None else check_finish(body.outcome, body.missing, body.due, body.note, today)
        self.hall.finish(uow, now, number, ticket, result)
        if result.outcome is Outcome.ACCEPTED_PENDING:
            assert result.due is not None
            self.followups.open(uow, now, ticket, result.missing, result.due)
        return self._answer(uow, now, number, ticket)

    def finish_before_rating(self, uow: UnitOfWork, now: datetime, number: int) -> TicketRec | None:
        """评价 asked while the citizen is still at the window: that means the service is done (一次办结), so
        finish it first; otherwise the citizen's press would be refused as 'still being served' and lost."""
        self._rec(number)
        ticket = self.hall.current(number)
        if ticket is not None:
            self.hall.finish(uow, now, number, ticket)  # asks the pad for the rating itself
            self.hall.publish_window(uow, now, number)
        return ticket

    def no_show(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        ticket = self._require_current(number)
        self.hall.leave(uow, now, number, ticket, Action.NO_SHOW)
        return self._answer(uow, now, number, ticket)

    def hold(self, uow: UnitOfWork, now: datetime, number: int) -> WindowTicketOut:
        ticket = self._require_current(number)
        self.hall.leave(uow, now, number, ticket, Action.HOLD)
        return self._answer(uow, now, number, ticket)

    def transfer(
        self,
        uow: UnitOfWork,
        now: datetime,
        number: int,
        *,
        service: str | None,
        window: int | None,
        front: bool,
        note: str | None = None,
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
        from_service = ticket.service
        self.hall.transfer(uow, now, number, ticket, target_service, window, front, (note or "").strip() or None)
        self.hall.publish_counts(uow, now, {from_service, target_service.code})
        return self._answer(uow, now, number, ticket)

    def _set_status(self, uow: UnitOfWork, now: datetime, number: int, status: str, reason: str | None) -> WindowOut:
        rec = self._rec(number)
        if rec.status == "closed":
            raise Conflict("window_closed", f"{number} 号窗口未登录，请先登录")
        self.hall.set_status(uow, now, number, status, reason)
        view = self.hall.publish_window(uow, now, number)
        self.hall.publish_counts(uow, now, set(self._window(number).services))
        return view

    def pause(self, uow: UnitOfWork, now: datetime, number: int, reason: str | None) -> WindowOut:
        # Refused rather than quietly re-queued: the citizen has already heard "请到 N 号窗口" and is walking
        # over; only the clerk can settle them (办结, 过号, 挂起 or 转移) before the window closes.
        self._rec(number)
        called = self.hall.current(number)
        if called is not None:
            raise Conflict(
                "window_busy",
                f"{number} 号窗口还有 {called.number} 号群众（已叫号），请先办结、过号、挂起或转移，再暂停服务",
            )
        return self._set_status(uow, now, number, "paused", reason or "暂停服务")

    def resume(self, uow: UnitOfWork, now: datetime, number: int) -> WindowOut:
        return self._set_status(uow, now, number, "open", None)
