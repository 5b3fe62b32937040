"""Report figures against a seeded hall whose answers are worked out by hand below, live and from the rollup.

The seeded hall (all times Shanghai, business day = date):
  2 March, 业务A (SVC_A) at window 1, staff 1001: 200 tickets, ticket i issued at 09:00 + i min; by i % 10:
    9 → never called (20); 8 → called after 1 min, no-show (20);
    0..7 → called after (i%10 + 1) min, done 10 min after the call (160); clerk pressed start only for even i.
    Ratings of the done ones by i%10: 0 → 5, 1 → 4, 2 → 3, 3 → 2 (差评, 20 cases), 4 → unrated record, 5..7 → none.
    Cases: the first 10 answered in 30 min (deadline 1 h), the next 5 answered after 2 h, the last 5 never.
  2 March, 业务B (SVC_B) at window 2, staff 1003: 100 tickets issued 14:00 + 2i min, all called after 30 min;
    even i: started 1 min after the call, finished 5 min later (handling 5); odd i: never started, finished
    6 min after the call (handling 6). All rated 5.
  3 March, 业务A at window 4, staff 1001: 10 tickets issued 10:00 + i min, called after 2 min, done after 4 min.

业务A over both days: issued 210, called 190, served 170, no-shows 20;
  waits: 1 min × 40, 2 × 30, 3..8 × 20 each → sum 20·36 + 20 + 20 = 760 → avg 4.0; p90 = the 171st smallest = 8;
  handling (160·10 + 10·4) / 170 = 9.647; rated 80, good 40, bad 20, unrated 170 − 80 = 90;
  好评率 50 %, 未评率 90/170; cases due 20, on time 10.
业务B: issued = called = served = 100, avg wait 30, p90 30, handling 5.5, rated 100, good 100.
合计: issued 310, called 290, served 270, avg wait (760 + 3000)/290, p90 the 261st smallest = 30,
  handling (1640 + 550)/270, rated 180, good 140, bad 20, unrated 90, cases 20/10.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from server.reports import summary
from server.storage import reports as q
from server.storage.database import make_engine
from server.storage.models import Case, Rating, Ticket
from tests.support.harness import API, HallHarness

D1, D2 = date(2026, 3, 2), date(2026, 3, 3)
AFTER = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)  # 5 March 10:00: both days closed, every case past its deadline


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=8) + timedelta(minutes=minute)


class Seeder:
    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.seq: dict[tuple[date, str], int] = {}

    def ticket(self, day: date, service: str, issued: datetime, **values: Any) -> int:
        seq = self.seq[(day, service)] = self.seq.get((day, service), 0) + 1
        row = {
            "hall_id": "test-hall",
            "day": day,
            "service": service,
            "origin_service": service,
            "seq": seq,
            "number": f"{service[-1]}{seq:03d}",
            "channel": "normal",
            "state": "waiting",
            "issued_at": issued,
            "queued_at": issued,
            "track_token": f"t{day:%d}{service}{seq}",
            **values,
        }
        return int(self.conn.execute(insert(Ticket).values(**row).returning(Ticket.id)).scalar_one())

    def rating(self, ticket_id: int, window: int, service: str, level: int | None, at: datetime) -> int:
        values = {"hall_id": "test-hall", "ticket_id": ticket_id, "window": window, "service": service}
        source = "pad" if level is not None else "unrated"
        stmt = insert(Rating).values(**values, level=level, reasons="", source=source, rated_at=at)
        return int(self.conn.execute(stmt.returning(Rating.id)).scalar_one())


def seed(db_url: str) -> None:
    engine = make_engine(db_url, writer=True)
    with engine.begin() as conn:
        s = Seeder(conn)
        bad = 0
        for i in range(200):
            issued = local(D1, 9, i)
            kind = i % 10
            if kind == 9:
                s.ticket(D1, "SVC_A", issued)
                continue
            called = issued + timedelta(minutes=1 if kind == 8 else kind + 1)
            common = {"window": 1, "staff_no": "1001", "called_at": called}
            if kind == 8:
                s.ticket(D1, "SVC_A", issued, state="no_show", **common)
                continue
            finished = called + timedelta(minutes=10)
            started = called if i % 2 == 0 else None
            ticket_id = s.ticket(D1, "SVC_A", issued, state="done", started_at=started, finished_at=finished, **common)
            if kind <= 4:
                level = {0: 5, 1: 4, 2: 3, 3: 2, 4: None}[kind]
                rating_id = s.rating(ticket_id, 1, "SVC_A", level, finished)
                if level == 2:
                    answered = [finished + timedelta(minutes=30), finished + timedelta(hours=2), None][
                        0 if bad < 10 else 1 if bad < 15 else 2
                    ]
                    bad += 1
                    conn.execute(
                        insert(Case).values(
                            hall_id="test-hall",
                            rating_id=rating_id,
                            status="responded" if answered else "open",
                            opened_at=finished,
                            deadline=finished + timedelta(hours=1),
                            overdue_noticed=False,
                            responded_at=answered,
                            response="已回访" if answered else None,
                        )
                    )
        for i in range(100):
            issued = local(D1, 14, 2 * i)
            called = issued + timedelta(minutes=30)
            started = called + timedelta(minutes=1) if i % 2 == 0 else None
            finished = started + timedelta(minutes=5) if started else called + timedelta(minutes=6)
            ticket_id = s.ticket(
                D1, "SVC_B", issued, state="done", window=2, staff_no="1003",
                called_at=called, started_at=started, finished_at=finished,
            )  # fmt: skip
            s.rating(ticket_id, 2, "SVC_B", 5, finished)
        for i in range(10):
            issued = local(D2, 10, i)
            called = issued + timedelta(minutes=2)
            s.ticket(
                D2, "SVC_A", issued, state="done", window=4, staff_no="1001",
                called_at=called, started_at=called, finished_at=called + timedelta(minutes=4),
            )  # fmt: skip
    engine.dispose()


@pytest.fixture
def seeded(hall: HallHarness) -> HallHarness:
    seed(hall.db_url)
    hall.clock.set(AFTER)
    return hall


def report(hall: HallHarness, by: str, first: date = D1, last: date = D2) -> dict[str, Any]:
    def query(conn: Any) -> dict[str, Any]:
        return summary(conn, hall.config, first, last, by, AFTER).as_dict()

    with hall.runtime.read_engine.connect() as conn:
        return query(conn)


def rows(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["key"]: row for row in data["rows"]}


def test_by_service_matches_the_hand_worked_figures(seeded: HallHarness) -> None:
    data = report(seeded, "service")
    a, b = rows(data)["SVC_A"], rows(data)["SVC_B"]
    assert list(rows(data)) == ["SVC_A", "SVC_B"]  # no tickets of 业务C, so no row for it
    assert (a["label"], a["issued"], a["called"], a["served"], a["no_shows"]) == ("业务A", 210, 190, 170, 20)
    assert a["no_show_rate"] == round(20 / 190, 4)
    assert a["avg_wait_min"] == 4.0
    assert a["p90_wait_min"] == 8
    assert a["avg_handle_min"] == round(1640 / 170, 2)
    assert (a["rated"], a["good"], a["bad"], a["unrated"]) == (80, 40, 20, 90)
    assert (a["good_rate"], a["unrated_rate"]) == (0.5, round(90 / 170, 4))
    assert (a["cases_due"], a["cases_on_time"], a["case_response_rate"]) == (20, 10, 0.5)
    assert (b["issued"], b["called"], b["served"], b["no_shows"]) == (100, 100, 100, 0)
    assert (b["avg_wait_min"], b["p90_wait_min"], b["avg_handle_min"]) == (30.0, 30, 5.5)
    assert (b["rated"], b["good"], b["good_rate"], b["unrated"], b["cases_due"]) == (100, 100, 1.0, 0, 0)
    assert b["case_response_rate"] is None  # no cases: no rate, rather than a made-up 0 % or 100 %
    total = data["total"]
    assert (total["issued"], total["called"], total["served"], total["no_shows"]) == (310, 290, 270, 20)
    assert total["avg_wait_min"] == round(3760 / 290, 2)
    assert total["p90_wait_min"] == 30
    assert total["avg_handle_min"] == round(2190 / 270, 2)
    assert (total["rated"], total["good"], total["bad"], total["unrated"]) == (180, 140, 20, 90)
    assert (total["good_rate"], total["cases_due"], total["cases_on_time"]) == (round(140 / 180, 4), 20, 10)


def test_by_window_staff_hour_and_day(seeded: HallHarness) -> None:
    window = rows(report(seeded, "window"))
    assert list(window) == ["1", "2", "4", ""]
    assert (window[""]["label"], window[""]["issued"], window[""]["called"]) == ("未叫号", 20, 0)
    assert (window["1"]["label"], window["1"]["issued"], window["1"]["p90_wait_min"]) == ("1号窗口", 180, 8)
    staff = rows(report(seeded, "staff"))
    assert staff["1001"]["label"] == "测试员甲（1001）"
    assert (staff["1001"]["issued"], staff["1003"]["issued"], staff[""]["issued"]) == (190, 100, 20)
    hour = rows(report(seeded, "hour", D1, D1))
    assert list(hour) == ["09", "10", "11", "12", "14", "15", "16", "17"]
    assert (hour["09"]["label"], hour["09"]["issued"], hour["09"]["called"], hour["09"]["served"]) == (
        "09时",
        60,
        54,
        48,
    )
    # 54 called at 09: waits 1 min × 12, 2..8 min × 6 each; ⌈0.9·54⌉ = 49th smallest is 8 (the 48th is 7).
    assert hour["09"]["p90_wait_min"] == 8
    assert (hour["12"]["issued"], hour["17"]["issued"], hour["17"]["avg_wait_min"]) == (20, 10, 30.0)
    day = rows(report(seeded, "day"))
    assert (day["2026-03-02"]["issued"], day["2026-03-03"]["issued"], day["2026-03-03"]["p90_wait_min"]) == (300, 10, 2)


def test_the_rollup_gives_the_same_report_as_the_tickets(seeded: HallHarness) -> None:
    live = {by: report(seeded, by) for by in ("service", "window", "staff", "hour", "day")}
    with seeded.runtime.read_engine.connect() as conn:
        days = q.rolled_days(conn, "test-hall", D1, D2)
        assert days == set()
        rollup = q.compute_rollup(conn, seeded.config, [D1, D2])
    engine = make_engine(seeded.db_url, writer=True)
    with engine.begin() as conn:
        q.store_rollup(conn, "test-hall", rollup)
        q.store_rollup(conn, "test-hall", rollup)  # twice: replaces, never doubles
    engine.dispose()
    with seeded.runtime.read_engine.connect() as conn:
        assert q.rolled_days(conn, "test-hall", D1, D2) == {D1, D2}
    for by, expected in live.items():
        assert report(seeded, by) == expected, by


def test_api_rolls_up_closed_days_and_exports_csv_and_xlsx(seeded: HallHarness) -> None:
    boss = seeded.login("1002", "2222", window=None)
    url = f"{API}/reports/summary?from=2026-03-02&to=2026-03-03&by=service"
    r = seeded.client.get(url, headers=boss)
    assert r.status_code == 200, r.text
    assert r.json()["total"]["issued"] == 310
    with seeded.runtime.read_engine.connect() as conn:
        assert q.rolled_days(conn, "test-hall", D1, D2) == {D1, D2}  # closed days are read from tickets once
    assert seeded.client.get(url, headers=boss).json() == r.json()

    r = seeded.client.get(url + "&format=csv", headers=boss)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    table = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert table[0][:4] == ["业务", "取号数", "叫号数", "办结数"]
    assert [line[0] for line in table[1:]] == ["业务A", "业务B", "合计"]
    good_rate = table[0].index("好评率(%)")
    assert (table[1][good_rate], table[3][1]) == ("50.0", "310")

    r = seeded.client.get(url + "&format=xlsx", headers=boss)
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet["A2"].value == "业务" and sheet["A3"].value == "业务A" and sheet["B5"].value == 310
    assert (sheet.cell(row=2, column=14).value, sheet.cell(row=3, column=14).value) == ("好评率", 0.5)


def test_reports_are_for_supervisors_only_and_check_their_input(seeded: HallHarness) -> None:
    url = f"{API}/reports/summary?from=2026-03-02&to=2026-03-03"
    assert seeded.client.get(url).status_code == 401
    clerk = seeded.login("1001", "1111", window=1)
    r = seeded.client.get(url, headers=clerk)
    assert r.status_code == 403 and r.json()["error"]["code"] == "supervisor_only"
    boss = seeded.login("1002", "2222", window=None)
    r = seeded.client.get(f"{API}/reports/summary?from=2026-03-03&to=2026-03-02", headers=boss)
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_range"
    assert seeded.client.get(f"{url}&by=month", headers=boss).status_code == 400
    assert seeded.client.get(f"{API}/reports/summary?from=2024-01-01&to=2026-03-02", headers=boss).status_code == 400


def test_an_empty_range_has_no_rows_and_no_made_up_rates(seeded: HallHarness) -> None:
    data = report(seeded, "service", date(2026, 2, 1), date(2026, 2, 2))
    assert data["rows"] == []
    assert data["total"]["issued"] == 0
    assert data["total"]["avg_wait_min"] is None and data["total"]["good_rate"] is None


def test_the_day_turn_keeps_yesterdays_no_shows_in_the_reports(seeded: HallHarness) -> None:
    """At the day's turn unfinished tickets are cancelled, but a citizen who did not come when called stays a
    no-show: the closed days' no-show figures must not drop to 0 once the server writes on a later day."""
    before = rows(report(seeded, "service"))["SVC_A"]
    assert before["no_shows"] == 20
    seeded.issued("SVC_A")  # the first write on the later day turns the day
    after = rows(report(seeded, "service"))["SVC_A"]
    assert (after["no_shows"], after["no_show_rate"]) == (20, before["no_show_rate"])
