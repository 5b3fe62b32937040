"""Fill a hall's database with a year of finished tickets, fast, for the 'big history' benchmark phases."""

from __future__ import annotations

import json
import random
import secrets
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

SERVICES = ("SVC_A", "SVC_B", "SVC_C")


def fill(engine: Engine, hall_id: str, tickets: int, *, days: int = 365, seed: int = 7) -> None:
    """`tickets` done tickets spread over the `days` before yesterday, with an event each; nothing today."""
    rng = random.Random(seed)
    sqlite = engine.dialect.name == "sqlite"
    per_day = max(1, tickets // days)
    first_day = date.today() - timedelta(days=days + 1)

    def ts(value: datetime) -> object:
        return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else value

    mark = "?" if sqlite else "%s"
    ticket_sql = (
        "INSERT INTO tickets (hall_id, day, service, seq, number, channel, state, issued_at, queued_at, front,"
        ' target_window, "window", staff_no, called_at, started_at, finished_at, recall_count, transfers,'
        " origin_service, track_token, holder_hash, appointment_id, device_id) VALUES (" + ", ".join([mark] * 23) + ")"
    )
    with engine.begin() as conn:
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        made = 0
        day_index = 0
        while made < tickets:
            day = first_day + timedelta(days=day_index % days)
            day_index += 1
            counters = dict.fromkeys(SERVICES, 0)
            rows = []
            for _ in range(min(per_day, tickets - made)):
                service = rng.choice(SERVICES)
                counters[service] += 1
                issued = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC) + timedelta(
                    seconds=rng.randint(0, 8 * 3600)
                )
                called = issued + timedelta(seconds=rng.randint(30, 3600))
                finished = called + timedelta(seconds=rng.randint(60, 1200))
                seq = counters[service] + day_index * 10_000  # unique per (day, service) whatever per_day is
                rows.append(
                    (
                        hall_id,
                        day.isoformat() if sqlite else day,
                        service,
                        seq,
                        f"H{seq}",
                        "normal",
                        "done",
                        ts(issued),
                        ts(issued),
                        0 if sqlite else False,
                        None,
                        rng.randint(1, 8),
                        "1001",
                        ts(called),
                        ts(called),
                        ts(finished),
                        0,
                        0,
                        service,
                        secrets.token_hex(8),
                        None,
                        None,
                        None,
                    )
                )
            cursor.executemany(ticket_sql, rows)
            events = [
                (hall_id, made + i + 1, "ticket.finished", row[7], json.dumps({"number": row[4]}))
                for i, row in enumerate(rows)
            ]
            cursor.executemany(
                f"INSERT INTO events (hall_id, seq, type, at, data) VALUES ({mark}, {mark}, {mark}, {mark}, {mark})",
                events,
            )
            made += len(rows)
        cursor.execute(f"UPDATE halls SET last_seq = {mark} WHERE id = {mark}", (made, hall_id))
