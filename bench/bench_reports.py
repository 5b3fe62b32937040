"""A one-year report over a million tickets must answer in ≤ 1 s (issue 10).

Run: .venv/bin/python bench/bench_reports.py [--tickets 1000000] [--db PATH]
Seeds a SQLite file with the sample hall's year (bulk inserts straight through sqlite3, with ratings for
served tickets and a 差评 case for each bad one), then times `reports.summary` for every grouping. Each time is
also printed as a ratio to `SELECT count(*)` over the same tickets in this same run, because the machine is
noisy and the ratio is what stays comparable between machines.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

from sqlalchemy import Connection, text

from jiaohao.domain.config import HallConfig
from server.hallfile import load_hall
from server.reports import GROUPINGS, days_to_roll, summary
from server.runtime import prepare_database
from server.storage.database import make_engine
from server.storage.reports import compute_rollup, rolled_days, store_rollup

SAMPLE_HALL = Path(__file__).resolve().parent.parent / "server" / "sample_hall.toml"
FIRST_DAY = date(2025, 1, 1)
DAYS = 365
ROLL_UP_CHUNK_DAYS = 31
FMT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime in SQLite


def seed(path: Path, tickets: int) -> None:
    config = load_hall(SAMPLE_HALL)
    engine = make_engine(f"sqlite:///{path}", writer=True)
    prepare_database(engine, config)  # the real schema, through the real migrations
    engine.dispose()
    services = [s.code for s in config.services]
    windows = [w.number for w in config.windows]
    staff = [m.no for m in config.staff]
    per_day = tickets // DAYS + 1
    rng = random.Random(10)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")  # seeding only; the server itself runs with FULL
    ticket_rows: list[tuple[object, ...]] = []
    rating_rows: list[tuple[object, ...]] = []
    case_rows: list[tuple[object, ...]] = []
    for ticket_id, n in enumerate(range(tickets), start=1):
        day = FIRST_DAY + timedelta(days=n // per_day)
        seq = n % per_day + 1
        service = services[n % len(services)]
        opened = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
        issued = opened + timedelta(seconds=rng.randrange(8 * 3600))
        roll = rng.random()
        called = issued + timedelta(seconds=rng.randrange(1, 5400)) if roll < 0.95 else None
        state = "waiting" if called is None else ("no_show" if roll < 0.05 else "done")
        started = called + timedelta(seconds=rng.randrange(5, 60)) if state == "done" and called else None
        finished = started + timedelta(seconds=rng.randrange(60, 1800)) if started else None
        window = windows[n % len(windows)] if called else None
        staff_no = staff[n % len(staff)] if called else None
        ticket_rows.append(
            (
                ticket_id,
                config.hall.id,
                day.isoformat(),
                service,
                seq,
                f"{service[0]}{seq:04d}",
                "normal",
                state,
                _t(issued),
                _t(issued),
                0,
                None,
                window,
                staff_no,
                _t(called),
                _t(started),
                _t(finished),
                0,
                0,
                service,
                f"tok{ticket_id}",
            )
        )
        if finished is not None and rng.random() < 0.7:
            level = rng.choices((5, 4, 3, 2, 1), weights=(80, 12, 6, 1.5, 0.5))[0] if rng.random() < 0.8 else None
            rating_rows.append(
                (ticket_id, config.hall.id, ticket_id, window, staff_no, service, level, "", "pad", _t(finished))
            )
            if level is not None and level <= 2:
                deadline = finished + timedelta(hours=24)
                answered = finished + timedelta(hours=rng.randrange(1, 36))
                case_rows.append((config.hall.id, ticket_id, "responded", _t(finished), _t(deadline), _t(answered)))
    db.executemany(
        "INSERT INTO tickets (id, hall_id, day, service, seq, number, channel, state, issued_at, queued_at, front,"
        " target_window, window, staff_no, called_at, started_at, finished_at, recall_count, transfers,"
        " origin_service, track_token) VALUES (" + ",".join("?" * 21) + ")",
        ticket_rows,
    )
    db.executemany(
        "INSERT INTO ratings (id, hall_id, ticket_id, window, staff_no, service, level, reasons, source, rated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        rating_rows,
    )
    db.executemany(
        "INSERT INTO cases (hall_id, rating_id, status, opened_at, deadline, overdue_noticed, responded_at)"
        " VALUES (?,?,?,?,?,0,?)",
        case_rows,
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()
    print(f"seeded {len(ticket_rows):,} tickets, {len(rating_rows):,} ratings, {len(case_rows):,} cases")


def _t(value: datetime | None) -> str | None:
    return value.replace(tzinfo=None).strftime(FMT) if value is not None else None


def best_of(repeats: int, run: Callable[[], object]) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return min(samples) if repeats < 3 else statistics.median(samples)


def temporary_db(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        yield keep
        return
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder) / "bench.db"


def roll_up(conn: Connection, path: Path, config: HallConfig, now: datetime) -> float:
    """The one-time cost of reading a year of tickets into the rollup, a month at a time as the server does."""
    started = time.perf_counter()
    days = days_to_roll(conn, config, FIRST_DAY, FIRST_DAY + timedelta(days=DAYS - 1), now)
    writer = make_engine(f"sqlite:///{path}", writer=True)
    for chunk in range(0, len(days), ROLL_UP_CHUNK_DAYS):
        rollup = compute_rollup(conn, config, days[chunk : chunk + ROLL_UP_CHUNK_DAYS])
        with writer.begin() as write:
            store_rollup(write, config.hall.id, rollup)
    writer.dispose()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="keep the seeded file here (reused when it exists)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for path in temporary_db(args.db):
        if not path.exists():
            started = time.perf_counter()
            seed(path, args.tickets)
            print(f"seeding took {time.perf_counter() - started:.1f} s")
        config = load_hall(SAMPLE_HALL)
        migrate_engine = make_engine(f"sqlite:///{path}", writer=True)
        prepare_database(migrate_engine, config)  # a file seeded by an older schema gets the rollup tables
        migrate_engine.dispose()
        engine = make_engine(f"sqlite:///{path}", writer=False)
        first, last = FIRST_DAY, FIRST_DAY + timedelta(days=DAYS - 1)
        now = datetime(2026, 1, 10, tzinfo=UTC)
        with engine.connect() as conn:
            baseline = best_of(args.repeats, lambda: conn.execute(text("SELECT count(*) FROM tickets")).scalar())
            print(f"baseline SELECT count(*) over the tickets: {baseline * 1000:.1f} ms")
            if not rolled_days(conn, config.hall.id, first, last):
                live = best_of(1, partial(summary, conn, config, first, last, "service", now))
                print(f"report by service, live from tickets (before the rollup): {live * 1000:.0f} ms")
            took = roll_up(conn, path, config, now)
            conn.rollback()  # end the read snapshot taken before the rollup, so the reports below see it
            print(f"rolling up the closed days (once; then one day a night): {took:.1f} s")
            for by in GROUPINGS:
                took = best_of(args.repeats, partial(summary, conn, config, first, last, by, now))
                verdict = "ok" if took <= 1.0 else "OVER 1 s"
                print(
                    f"one-year report by {by:<7}: {took * 1000:6.1f} ms = {took / baseline:5.1f} x baseline ({verdict})"
                )
        engine.dispose()


if __name__ == "__main__":
    main()
