"""The SQL behind the reports: per-day, per-group sums and wait histograms, from tickets or from the rollup.

Everything is aggregated in the database (GROUP BY with conditional sums); Python only merges a few hundred
group rows. Tickets of closed days are read once and kept in `report_days` / `report_waits`, so a year's
report reads about 16,000 day rows instead of a million tickets (SQLite parses each stored time from text,
which alone costs ~1 s per million tickets). Definitions: docs/reports.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, Integer, and_, case, cast, delete, func, insert, or_, select

from jiaohao.domain.config import HallConfig
from jiaohao.domain.tickets import TicketState

from .models import Case, FollowUp, Rating, ReportDay, ReportWait, Ticket

DIMS = ("service", "window", "staff", "hour", "day")
DONE = TicketState.DONE.value
NO_SHOW = TicketState.NO_SHOW.value
_SUMS = (
    "issued",
    "called",
    "served",
    "no_shows",
    "wait_sum",
    "handle_sum",
    "rated",
    "good",
    "bad",
    "completed",
    "accepted_pending",
    "returned",
    "consulted",
    "level1",
    "level2",
    "level3",
    "level4",
    "level5",
)
OUTCOMES = ("completed", "accepted_pending", "returned", "consulted")  # jiaohao.domain.outcomes.Outcome


@dataclass(slots=True)
class Cell:
    """The additive parts of every metric for one group; averages and rates are computed from these."""

    issued: int = 0
    called: int = 0
    served: int = 0
    no_shows: int = 0
    wait_sum: float = 0.0  # seconds, over called tickets
    handle_sum: float = 0.0  # seconds, over served tickets
    rated: int = 0
    good: int = 0
    bad: int = 0
    completed: int = 0  # 办结 outcomes (jiaohao.domain.outcomes)
    accepted_pending: int = 0
    returned: int = 0
    consulted: int = 0
    level1: int = 0  # ratings per level, 1 非常不满意 … 5 非常满意
    level2: int = 0
    level3: int = 0
    level4: int = 0
    level5: int = 0
    waits: Counter[int] = field(default_factory=Counter)  # called within m whole minutes → tickets

    def add(self, other: Cell) -> None:
        for name in _SUMS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.waits.update(other.waits)


def key_text(value: Any, dim: str) -> str:
    """Group values as stored in the rollup: '' for none (never called), dates ISO, hours two digits."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if dim == "hour":
        return f"{int(value):02d}"
    return str(value)


# --- SQL that differs between SQLite and PostgreSQL ------------------------------------------------------


def _seconds(conn: Connection, later: Any, earlier: Any) -> ColumnElement[Any]:
    if conn.dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0  # stored as text; keeps microseconds


def _minutes_within(conn: Connection, seconds: ColumnElement[Any]) -> ColumnElement[Any]:
    """The whole minutes within which a ticket was called: ⌈wait / 60 s⌉ (a 90.0-minute wait is 90, 89.5 → 90)."""
    if conn.dialect.name == "postgresql":
        return cast(func.ceil(seconds / 60), Integer)  # epoch differences are exact numerics here
    # SQLite: julianday() carries ~0.1 ms of float noise; round to the millisecond so that an exact 90 minutes
    # does not become 91. No ceil() without the math extension: truncate, then add one when anything was cut.
    minutes = func.round(seconds, 3) / 60.0
    whole = cast(minutes, Integer)
    return whole + cast(minutes > whole, Integer)


def _local_hour(conn: Connection, config: HallConfig, first_day: date) -> ColumnElement[Any]:
    tz = config.policy.timezone
    if conn.dialect.name == "postgresql":
        return cast(func.extract("hour", func.timezone(tz, Ticket.issued_at)), Integer)
    # SQLite knows no time zones: shift by the zone's offset on the first day asked for. Exact for China
    # (no daylight saving time); a zone with DST would be an hour off for part of a long range.
    offset = datetime.combine(first_day, datetime.min.time(), ZoneInfo(tz)).utcoffset() or timedelta(0)
    return cast(func.strftime("%H", Ticket.issued_at, f"{int(offset.total_seconds() // 60):+d} minutes"), Integer)


def _group(conn: Connection, config: HallConfig, dim: str, first_day: date) -> ColumnElement[Any]:
    columns: dict[str, Any] = {
        "service": Ticket.service,
        "window": Ticket.window,
        "staff": Ticket.staff_no,
        "day": Ticket.day,
    }
    return columns[dim] if dim in columns else _local_hour(conn, config, first_day)


# --- live: straight from the tickets -------------------------------------------------------------------------


def live_cells(conn: Connection, config: HallConfig, dim: str, days: Collection[date]) -> dict[tuple[date, str], Cell]:
    """Sums and wait histograms per (business day, group) for these days, read from tickets and ratings."""
    cells: dict[tuple[date, str], Cell] = {}
    if not days:
        return cells
    key = _group(conn, config, dim, min(days)).label("k")
    where = and_(Ticket.hall_id == config.hall.id, Ticket.day.in_(sorted(days)))
    # Wait runs to the first call: a ticket called again after a hold or no-show did not wait twice.
    wait = _seconds(conn, func.coalesce(Ticket.first_called_at, Ticket.called_at), Ticket.issued_at)
    # finish() fills started_at with the call time when the clerk never pressed start, so this is
    # finished − started, or finished − called for a ticket that was never started.
    handle = _seconds(conn, Ticket.finished_at, func.coalesce(Ticket.started_at, Ticket.called_at))
    counts = (
        select(
            Ticket.day,
            key,
            func.count().label("issued"),
            func.count(Ticket.called_at).label("called"),
            func.sum(case((Ticket.state == DONE, 1), else_=0)).label("served"),
            func.sum(case((Ticket.state == NO_SHOW, 1), else_=0)).label("no_shows"),
            func.sum(case((Ticket.called_at.is_not(None), wait))).label("wait_sum"),
            func.sum(case((Ticket.state == DONE, handle))).label("handle_sum"),
            *(
                func.sum(case((and_(Ticket.state == DONE, Ticket.outcome == name), 1), else_=0)).label(name)
                for name in OUTCOMES
            ),
        )
        .where(where)
        .group_by(Ticket.day, key)
    )
    for row in conn.execute(counts):
        cell = Cell(
            issued=int(row.issued),
            called=int(row.called),
            served=int(row.served or 0),
            no_shows=int(row.no_shows or 0),
            wait_sum=float(row.wait_sum or 0),
            handle_sum=float(row.handle_sum or 0),
        )
        for name in OUTCOMES:
            setattr(cell, name, int(getattr(row, name) or 0))
        cells[(row.day, key_text(row.k, dim))] = cell
    ratings = (
        select(
            Ticket.day,
            key,
            func.count(Rating.level).label("rated"),
            # 好评 as this hall defines it (policy.good_levels; default 4 and 5).
            func.sum(case((Rating.level.in_(config.policy.good_levels), 1), else_=0)).label("good"),
            func.sum(case((Rating.level <= 2, 1), else_=0)).label("bad"),
            *(func.sum(case((Rating.level == n, 1), else_=0)).label(f"level{n}") for n in range(1, 6)),
        )
        .select_from(Rating)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .where(where, Ticket.state == DONE)
        .group_by(Ticket.day, key)
    )
    for row in conn.execute(ratings):
        cell = cells[(row.day, key_text(row.k, dim))]
        cell.rated, cell.good, cell.bad = int(row.rated), int(row.good or 0), int(row.bad or 0)
        for n in range(1, 6):
            setattr(cell, f"level{n}", int(getattr(row, f"level{n}") or 0))
    minute = _minutes_within(conn, wait).label("minute")
    waits = (
        select(Ticket.day, key, minute, func.count().label("n"))
        .where(where, Ticket.called_at.is_not(None))
        .group_by(Ticket.day, key, minute)
    )
    for row in conn.execute(waits):
        cells[(row.day, key_text(row.k, dim))].waits[int(row.minute)] += int(row.n)
    return cells


# --- the rollup of closed days -----------------------------------------------------------------------------


def rolled_days(conn: Connection, hall_id: str, date_from: date, date_to: date) -> set[date]:
    """Days already in the rollup; every rolled-up day has its dim='day' row, even a day without tickets."""
    rows = conn.execute(
        select(ReportDay.day).where(
            ReportDay.hall_id == hall_id,
            ReportDay.dim == "day",
            ReportDay.day >= date_from,
            ReportDay.day <= date_to,
        )
    )
    return {row.day for row in rows}


def stored_cells(conn: Connection, hall_id: str, dim: str, date_from: date, date_to: date) -> dict[str, Cell]:
    """The rollup's sums and histograms for these days, merged per group in SQL."""
    group: Any = ReportDay.day if dim == "day" else ReportDay.key
    in_range = and_(
        ReportDay.hall_id == hall_id, ReportDay.dim == dim, ReportDay.day >= date_from, ReportDay.day <= date_to
    )
    sums = select(group.label("k"), *(func.sum(getattr(ReportDay, name)).label(name) for name in _SUMS))
    cells: dict[str, Cell] = {}
    for row in conn.execute(sums.where(in_range).group_by(group)):
        cells[key_text(row.k, dim)] = Cell(**{name: getattr(row, name) for name in _SUMS})
    wait_group: Any = ReportWait.day if dim == "day" else ReportWait.key
    waits = (
        select(wait_group.label("k"), ReportWait.minute, func.sum(ReportWait.n).label("n"))
        .where(
            ReportWait.hall_id == hall_id,
            ReportWait.dim == dim,
            ReportWait.day >= date_from,
            ReportWait.day <= date_to,
        )
        .group_by(wait_group, ReportWait.minute)
    )
    for row in conn.execute(waits):
        cells[key_text(row.k, dim)].waits[int(row.minute)] += int(row.n)
    return cells


@dataclass(frozen=True, slots=True)
class RollUp:
    days: list[date]
    day_rows: list[dict[str, Any]]
    wait_rows: list[dict[str, Any]]


def compute_rollup(conn: Connection, config: HallConfig, days: Collection[date]) -> RollUp:
    """Read the closed days' tickets once per dimension (a reader's work, outside the writer)."""
    hall_id = config.hall.id
    day_rows: list[dict[str, Any]] = []
    wait_rows: list[dict[str, Any]] = []
    for dim in DIMS:
        cells = live_cells(conn, config, dim, days)
        if dim == "day":  # the marker: a day without tickets is rolled up too, and not read again
            for day in days:
                cells.setdefault((day, day.isoformat()), Cell())
        for (day, key), cell in cells.items():
            stored_key = "" if dim == "day" else key
            values = {name: getattr(cell, name) for name in _SUMS}
            day_rows.append({"hall_id": hall_id, "dim": dim, "day": day, "key": stored_key, **values})
            wait_rows.extend(
                {"hall_id": hall_id, "dim": dim, "day": day, "key": stored_key, "minute": m, "n": n}
                for m, n in cell.waits.items()
            )
    return RollUp(sorted(days), day_rows, wait_rows)


def store_rollup(conn: Connection, hall_id: str, rollup: RollUp) -> None:
    """Replace those days' rollup rows (so two reports rolling up the same days at once do not collide)."""
    if not rollup.days:
        return
    for table in (ReportDay, ReportWait):
        conn.execute(delete(table).where(table.hall_id == hall_id, table.day.in_(rollup.days)))
    if rollup.day_rows:
        conn.execute(insert(ReportDay), rollup.day_rows)
    if rollup.wait_rows:
        conn.execute(insert(ReportWait), rollup.wait_rows)


# --- cases (few; always live, because they are answered days after the ticket) ----------------------------


def case_counts(
    conn: Connection, config: HallConfig, dim: str, date_from: date, date_to: date, now: datetime
) -> dict[str, tuple[int, int]]:
    """Per group: (cases due or answered, answered by their deadline). A case still inside its deadline and
    not yet answered is neither on time nor late, so it is not counted yet."""
    key = _group(conn, config, dim, date_from).label("k")
    on_time = and_(Case.responded_at.is_not(None), Case.responded_at <= Case.deadline)
    stmt = (
        select(key, func.count().label("due"), func.sum(case((on_time, 1), else_=0)).label("on_time"))
        .select_from(Case)
        .join(Rating, Rating.id == Case.rating_id)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .where(
            Case.hall_id == config.hall.id,
            # An expression, not the bare column: SQLite then walks the few cases and finds their tickets by
            # key, instead of walking the day index over every ticket of the range (0.6 s a year).
            func.coalesce(Ticket.day, Ticket.day).between(date_from, date_to),
            or_(Case.deadline <= now, Case.responded_at.is_not(None)),
        )
        .group_by(key)
    )
    return {key_text(row.k, dim): (int(row.due), int(row.on_time or 0)) for row in conn.execute(stmt)}


def followup_counts(
    conn: Connection, config: HallConfig, dim: str, date_from: date, date_to: date, today: date
) -> dict[str, tuple[int, int]]:
    """容缺 per group: (follow-ups settled or past due, fulfilled by the end of their due day). One still open
    and not yet due is neither on time nor late, so it is not counted yet (like cases)."""
    key = _group(conn, config, dim, date_from).label("k")
    stmt = (
        select(key, FollowUp.due, FollowUp.fulfilled_at)
        .select_from(FollowUp)
        .join(Ticket, Ticket.id == FollowUp.ticket_id)
        .where(FollowUp.hall_id == config.hall.id, func.coalesce(Ticket.day, Ticket.day).between(date_from, date_to))
    )
    zone = config.policy.zone
    counts: dict[str, tuple[int, int]] = {}
    for row in conn.execute(stmt):
        fulfilled = row.fulfilled_at.astimezone(zone).date() if row.fulfilled_at is not None else None
        if fulfilled is None and row.due >= today:
            continue
        k = key_text(row.k, dim)
        due, on_time = counts.get(k, (0, 0))
        counts[k] = (due + 1, on_time + (1 if fulfilled is not None and fulfilled <= row.due else 0))
    return counts


def first_asked(conn: Connection, hall_id: str, date_from: date, date_to: date) -> dict[str, dict[str, int]]:
    """首问负责 per clerk: the tickets each clerk served first (`first_staff_no`), by how they ended (their 办结
    outcome, wherever they were finished; `open` for those not finished, e.g. transferred and still waiting)."""
    ended = func.coalesce(case((Ticket.state == DONE, Ticket.outcome), else_=None), "open").label("ended")
    stmt = (
        select(Ticket.first_staff_no, ended, func.count().label("n"))
        .where(
            Ticket.hall_id == hall_id,
            Ticket.day.between(date_from, date_to),
            Ticket.first_staff_no.is_not(None),
            Ticket.state.not_in([NO_SHOW, TicketState.CANCELLED.value]),
        )
        .group_by(Ticket.first_staff_no, ended)
    )
    found: dict[str, dict[str, int]] = {}
    for row in conn.execute(stmt):
        counts = found.setdefault(str(row.first_staff_no), {"cases": 0})
        counts[str(row.ended)] = counts.get(str(row.ended), 0) + int(row.n)
        counts["cases"] += int(row.n)
    return found


def merge_days(cells: Iterable[tuple[tuple[date, str], Cell]], dim: str) -> dict[str, Cell]:
    merged: dict[str, Cell] = {}
    for (day, key), cell in cells:
        merged.setdefault(day.isoformat() if dim == "day" else key, Cell()).add(cell)
    return merged
