"""Tables. Typed SQLAlchemy 2 models on one base with a naming convention, so Alembic names are stable.

Times are stored timezone-aware in UTC (`UtcDateTime`), so SQLite and PostgreSQL hand back the same values.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime(), dict[str, Any]: JSON()}


class Hall(Base):
    """One row per hall; `last_seq` is the hall's event counter and its write lock."""

    __tablename__ = "halls"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    notice: Mapped[str] = mapped_column(Text, default="")


class TicketCounter(Base):
    """The last number given per service per business day; allocation is an UPDATE in the issuing transaction."""

    __tablename__ = "ticket_counters"
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    service: Mapped[str] = mapped_column(String(32), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        # The last guard against two citizens holding one number.
        # (origin_service, not service: a transferred ticket keeps the number its first service gave it.)
        UniqueConstraint("hall_id", "day", "origin_service", "seq"),
        # Lane heads for call-next: today's queued tickets of a service, in queue order.
        Index("ix_tickets_queue", "hall_id", "day", "service", "state", "queued_at"),
        Index("ix_tickets_number", "hall_id", "day", "number"),
        Index("ix_tickets_finished", "hall_id", "service", "finished_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"))
    day: Mapped[date] = mapped_column(Date)
    service: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime]
    queued_at: Mapped[datetime]
    front: Mapped[bool] = mapped_column(Boolean, default=False)
    target_window: Mapped[int | None] = mapped_column(Integer)
    window: Mapped[int | None] = mapped_column(Integer)
    staff_no: Mapped[str | None] = mapped_column(String(16))
    called_at: Mapped[datetime | None]  # the latest call (a held or no-show ticket can be called again)
    first_called_at: Mapped[datetime | None]  # the first call: what the wait is measured to
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    transfers: Mapped[int] = mapped_column(Integer, default=0)
    origin_service: Mapped[str] = mapped_column(String(32))
    track_token: Mapped[str] = mapped_column(String(32), unique=True)
    holder_hash: Mapped[str | None] = mapped_column(String(64))
    appointment_id: Mapped[int | None] = mapped_column(Integer)
    device_id: Mapped[int | None] = mapped_column(Integer)
    # 办结 outcome (jiaohao.domain.outcomes), NULL until finished; missing items and due date for 容缺/告知.
    outcome: Mapped[str | None] = mapped_column(String(20))
    missing: Mapped[list[str] | None] = mapped_column(JSON)
    due: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    first_staff_no: Mapped[str | None] = mapped_column(String(16))  # 首问负责: kept through every transfer
    transfer_note: Mapped[str | None] = mapped_column(Text)  # what the last window told the next one


class FollowUp(Base):
    """容缺受理: a non-core item owed by a date; the clerk who accepted it closes it when it arrives."""

    __tablename__ = "followups"
    __table_args__ = (Index("ix_followups_hall_status", "hall_id", "status", "due"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    missing: Mapped[list[str]] = mapped_column(JSON)
    due: Mapped[date] = mapped_column(Date)
    owner_staff_no: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done
    opened_at: Mapped[datetime]
    overdue_noticed: Mapped[bool] = mapped_column(Boolean, default=False)
    fulfilled_at: Mapped[datetime | None]
    fulfilled_by: Mapped[str | None] = mapped_column(String(16))
    received: Mapped[str | None] = mapped_column(Text)


class Event(Base):
    """Append-only log of every state change, numbered per hall without gaps."""

    __tablename__ = "events"
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    type: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
    data: Mapped[dict[str, Any]]


class WindowRow(Base):
    __tablename__ = "windows"
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="closed")
    pause_reason: Mapped[str | None] = mapped_column(String(64))
    staff_no: Mapped[str | None] = mapped_column(String(16))
    current_ticket_id: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime | None]


class Staff(Base):
    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    no: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16), default="staff")
    title: Mapped[str] = mapped_column(String(32), default="")
    photo: Mapped[str | None] = mapped_column(String(255))
    pin_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    windows: Mapped[str] = mapped_column(String(255), default="")  # comma-separated window numbers
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    status: Mapped[str | None] = mapped_column(String(32))  # ok | paper_near_end | paper_out | cover_open | offline | …
    status_detail: Mapped[str | None] = mapped_column(String(255))


class StaffSession(Base):
    """A staff login: the token's hash, who, which window, until when."""

    __tablename__ = "staff_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"))
    window: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Appointment(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        UniqueConstraint("hall_id", "code"),
        Index("ix_appointments_hall_service_day", "hall_id", "service", "day"),
        Index("ix_appointments_hall_phone_hash", "hall_id", "phone_hash"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"))
    service: Mapped[str] = mapped_column(String(32))
    day: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(32))
    name_masked: Mapped[str] = mapped_column(String(32))
    phone_masked: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(16), default="booked")
    ticket_id: Mapped[int | None] = mapped_column(Integer)
    # Booked online: who, as hashes only (the number itself is kept masked), and when.
    phone_hash: Mapped[str | None] = mapped_column(String(64))
    holder_hash: Mapped[str | None] = mapped_column(String(64))
    booked_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]


class Reminder(Base):
    """One message to a citizen (SMS or webhook): pending until sent, or failed after the last retry.

    `recipient` holds the phone number only while the message is pending; it is cleared once the message is
    sent or given up, so the database keeps no phone numbers beyond what still has to be delivered."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_status_next_at", "status", "next_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"))
    kind: Mapped[str] = mapped_column(String(16))  # confirmed | day_before | near | called
    recipient: Mapped[str | None] = mapped_column(String(32))
    recipient_masked: Mapped[str] = mapped_column(String(20))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
    next_at: Mapped[datetime]  # due, or due again after a failed attempt
    status: Mapped[str] = mapped_column(String(8), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(255))
    sent_at: Mapped[datetime | None]
    appointment_id: Mapped[int | None] = mapped_column(Integer)
    ticket_id: Mapped[int | None] = mapped_column(Integer)


class Rating(Base):
    """One per served ticket: a citizen's rating, or an 'unrated' record once the time to rate has passed."""

    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_hall_rated_at", "hall_id", "rated_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    window: Mapped[int] = mapped_column(Integer)
    staff_no: Mapped[str | None] = mapped_column(String(16))
    service: Mapped[str] = mapped_column(String(32))
    level: Mapped[int | None] = mapped_column(Integer)  # None: not rated in time
    reasons: Mapped[str] = mapped_column(String(255), default="")  # comma-separated, configured order
    comment: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16))  # pad | evaluator | default | unrated
    rated_at: Mapped[datetime]
    device_id: Mapped[int | None] = mapped_column(Integer)


class Case(Base):
    """A 差评 rectification case: open → responded (回访) → closed (整改结果)."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_hall_status", "hall_id", "status", "deadline"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"))
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    owner: Mapped[str | None] = mapped_column(String(16))
    opened_at: Mapped[datetime]
    deadline: Mapped[datetime]
    overdue_noticed: Mapped[bool] = mapped_column(Boolean, default=False)
    response: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None]
    responded_by: Mapped[str | None] = mapped_column(String(16))
    result: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(16))


class ReportDay(Base):
    """Report sums of one closed business day for one group (dim = service/window/staff/hour/day, key = its
    value, '' for none). Filled by reports.roll_up so that a year's report reads days, not a million tickets."""

    __tablename__ = "report_days"
    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    dim: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    issued: Mapped[int] = mapped_column(Integer)
    called: Mapped[int] = mapped_column(Integer)
    served: Mapped[int] = mapped_column(Integer)
    no_shows: Mapped[int] = mapped_column(Integer)
    wait_sum: Mapped[float] = mapped_column(Float)  # seconds, over called tickets
    handle_sum: Mapped[float] = mapped_column(Float)  # seconds, over served tickets
    rated: Mapped[int] = mapped_column(Integer)
    good: Mapped[int] = mapped_column(Integer)
    bad: Mapped[int] = mapped_column(Integer)
    completed: Mapped[int] = mapped_column(Integer, default=0)  # 办结 outcomes, then ratings per level
    accepted_pending: Mapped[int] = mapped_column(Integer, default=0)
    returned: Mapped[int] = mapped_column(Integer, default=0)
    consulted: Mapped[int] = mapped_column(Integer, default=0)
    level1: Mapped[int] = mapped_column(Integer, default=0)
    level2: Mapped[int] = mapped_column(Integer, default=0)
    level3: Mapped[int] = mapped_column(Integer, default=0)
    level4: Mapped[int] = mapped_column(Integer, default=0)
    level5: Mapped[int] = mapped_column(Integer, default=0)


class ReportWait(Base):
    """How many called tickets of one group on one closed day were called within `minute` whole minutes
    (waits rounded up to the minute): the histogram a p90 is read from."""

    __tablename__ = "report_waits"
    hall_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    dim: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    minute: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class HallConfigRow(Base):
    """The hall's live configuration (hall, policy, services, windows) as a hall-file document, edited from
    /admin; `imported` is the hall file as last imported (a restart with that same file keeps the edits);
    `version` counts the changes, so a process can tell it is behind."""

    __tablename__ = "hall_configs"
    hall_id: Mapped[str] = mapped_column(ForeignKey("halls.id"), primary_key=True)
    document: Mapped[dict[str, Any]]
    imported: Mapped[dict[str, Any]]
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime]


class AuditEntry(Base):
    """操作日志: who did what, when, from where, and what it changed. Append-only: the repository has no update
    or delete, and database triggers (migration 0007) refuse both."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_hall_at", "hall_id", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hall_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))  # staff number, "device:NAME" or "命令行"
    address: Mapped[str] = mapped_column(String(64))  # the client's IP address, or "本机"
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(128), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
