"""Reminders to citizens: what is said when, queued in the same transaction as what causes it, and delivered
later by `ReminderSender`, outside the writer, so a slow or broken provider never holds up the queue.

A message is queued (pending) with the phone number in clear, because it must be sent to it; once sent or
given up, the number is erased and only its masked form stays for the supervisor's list.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from jiaohao.domain.appointments import Slot, mask_phone
from jiaohao.domain.booking import come_back_at
from jiaohao.domain.config import HallConfig, RemindersConfig

from .notify import DeliveryFailed, Message, Notifier
from .notify.aliyun import DEFAULT_ENDPOINT, AliyunSms
from .notify.webhook import Webhook
from .storage import Connection
from .storage import appointments as appointment_rows
from .storage import reminders as rows
from .storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

SMS_KEY_ID_ENV = "JIAOHAO_SMS_ACCESS_KEY_ID"
SMS_KEY_SECRET_ENV = "JIAOHAO_SMS_ACCESS_KEY_SECRET"
WEBHOOK_SECRET_ENV = "JIAOHAO_WEBHOOK_SECRET"

TEXTS = {
    "confirmed": "预约成功：{date} {slot} {service}，预约码 {code}，请于 {come_from} 后到取号机输入预约码取号。",
    "day_before": "提醒：您预约了明天（{date}）{slot} 的{service}，预约码 {code}，请按时到达。",
    "near": "您的号码 {number} 即将到号，前面还有 {ahead} 人，请回到大厅留意叫号。",
    "called": "请 {number} 号到 {window} 号窗口办理。",
}


def text_of(kind: str, params: Mapping[str, Any]) -> str:
    return TEXTS[kind].format(**params)


def build_notifier(config: RemindersConfig, env: Mapping[str, str]) -> Notifier | None:
    """The configured channel with its secrets from the environment; None when reminders are off."""
    if config.channel == "off":
        return None
    if config.channel == "webhook":
        secret = env.get(WEBHOOK_SECRET_ENV, "")
        if not config.url or not secret:
            raise ValueError(f"reminders by webhook need [reminders] url and {WEBHOOK_SECRET_ENV}")
        return Webhook(config.url, secret)
    key_id, secret = env.get(SMS_KEY_ID_ENV, ""), env.get(SMS_KEY_SECRET_ENV, "")
    if not key_id or not secret or not config.sign_name:
        raise ValueError(f"SMS reminders need [reminders] sign_name, {SMS_KEY_ID_ENV} and {SMS_KEY_SECRET_ENV}")
    return AliyunSms(
        access_key_id=key_id,
        access_key_secret=secret,
        sign_name=config.sign_name,
        templates=config.templates,
        endpoint=config.url or DEFAULT_ENDPOINT,
    )


def _enabled(config: HallConfig) -> bool:
    return config.reminders.channel != "off"


# --- queued with what causes them (inside the writer's transaction) ---------------------------------------


def booking_made(
    conn: Connection, config: HallConfig, now: datetime, booking: appointment_rows.Booking, phone: str, slot: Slot
) -> None:
    if not _enabled(config):
        return
    service = config.service(booking.service)
    params = {
        "service": service.name if service is not None else booking.service,
        "date": f"{booking.day.month}月{booking.day.day}日",
        "slot": booking.slot,
        "code": booking.code,
        "come_from": come_back_at(slot, config.policy).strftime("%H:%M"),
    }
    common: dict[str, Any] = {
        "hall_id": config.hall.id,
        "recipient": phone,
        "recipient_masked": mask_phone(phone),
        "now": now,
        "appointment_id": booking.id,
    }
    rows.add(conn, kind="confirmed", params=params, due=now, **common)
    the_day_before = day_before(booking.day, config)
    if the_day_before > now:  # booked for tomorrow evening or later: remind the day before
        rows.add(conn, kind="day_before", params=params, due=the_day_before, **common)


def day_before(day: date, config: HallConfig) -> datetime:
    return datetime.combine(day - timedelta(days=1), time(config.reminders.day_before_hour), config.policy.zone)


def booking_cancelled(conn: Connection, hall_id: str, appointment_id: int) -> None:
    rows.drop_pending_of_appointment(conn, hall_id, appointment_id)


def watch_ticket(conn: Connection, config: HallConfig, now: datetime, ticket_id: int, number: str, phone: str) -> None:
    """A citizen left a phone at the kiosk: tell them when their turn is near, and where to go when called."""
    for kind in ("near", "called"):
        rows.watch(
            conn,
            hall_id=config.hall.id,
            kind=kind,
            ticket_id=ticket_id,
            recipient=phone,
            recipient_masked=mask_phone(phone),
            params={"number": number},
            now=now,
        )


def watching(conn: Connection, hall_id: str, now: datetime, ticket_id: int) -> bool:
    """A phone is already left for this ticket (a second tap must not text the citizen twice)."""
    return any(w.ticket_id == ticket_id for w in rows.watches(conn, hall_id, now - timedelta(hours=24)))


def after_call(
    conn: Connection,
    config: HallConfig,
    now: datetime,
    called_id: int,
    window: int,
    ahead_of: Callable[[int], int | None],
) -> None:
    """A ticket was just called: its own "called" message is due, and so is "near" for every watched ticket
    with `near_ahead` or fewer before it (`ahead_of` is None for a ticket no longer waiting)."""
    since = now - timedelta(hours=24)  # a watch of another day belongs to a ticket that is long gone
    for watch in rows.watches(conn, config.hall.id, since):
        if watch.kind == "called" and watch.ticket_id == called_id:
            rows.release(conn, watch.id, {**watch.params, "window": str(window)}, now)
        elif watch.kind == "near":
            ahead = ahead_of(watch.ticket_id)
            if watch.ticket_id == called_id:
                rows.drop(conn, watch.id)  # called before it was near: "called" says it all
            elif ahead is not None and ahead <= config.reminders.near_ahead:
                rows.release(conn, watch.id, {**watch.params, "ahead": str(ahead)}, now)


# --- delivery (outside the writer) ------------------------------------------------------------------------


class ReminderSender:
    """Delivers due messages: claims them in the writer (so two server processes never send one twice), sends
    each with the notifier's timeout, then records sent/failed in the writer; a failure is retried after
    `retry_after_s`, doubled each time, until `max_attempts`."""

    def __init__(
        self,
        config: HallConfig,
        notifier: Notifier,
        write: Callable[[Callable[[UnitOfWork], Any]], Awaitable[Any]],
        run: Callable[[Callable[[], None]], Awaitable[None]],
    ) -> None:
        self._config = config
        self._settings = config.reminders
        self._notifier = notifier
        self._write = write
        self._run = run  # runs blocking I/O off the event loop

    async def send_due(self, now: datetime) -> int:
        """One round at `now`: how many messages were attempted."""
        lease = now + timedelta(minutes=5)
        due: list[rows.Due] = await self._write(
            lambda uow: rows.claim_due(uow.conn, self._config.hall.id, now, lease, limit=50)
        )
        for item in due:
            message = Message(
                id=item.id,
                kind=item.kind,
                phone=item.recipient,
                params={k: str(v) for k, v in item.params.items()},
                text=text_of(item.kind, item.params),
            )
            error: str | None = None
            try:
                await self._run(lambda message=message: self._notifier.send(message))  # type: ignore[misc]
            except DeliveryFailed as err:
                error = err.reason
                log.warning("reminder %s attempt %s failed: %s", item.id, item.attempts, err.reason)
            await self._write(lambda uow, item=item, error=error: self._record(uow, now, item, error))  # type: ignore[misc]
        return len(due)

    def _record(self, uow: UnitOfWork, now: datetime, item: rows.Due, error: str | None) -> None:
        if error is None:
            rows.record_sent(uow.conn, item.id, now)
            return
        retry: datetime | None = None
        if item.attempts < self._settings.max_attempts:
            retry = now + timedelta(seconds=self._settings.retry_after_s * 2 ** (item.attempts - 1))
        rows.record_failed(uow.conn, item.id, error, retry)
