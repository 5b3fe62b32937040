"""What happened at the window, against a real server process on a test clock: every 办结 outcome, the 容缺
follow-up's life (open → fulfilled, open → overdue), what the citizen's tracking link and the public stream
say, and the refusals a clerk reads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from client.errors import ApiError
from jiaohao.wire.models import FinishIn
from tests.support.event_log import last_seq, read_log
from tests.support.live import LiveHall, start_live_hall

pytestmark = pytest.mark.slow

MONDAY_10_00 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai, a Monday
DEVICES = [("kiosk", "kiosk", []), ("caller", "caller", [1, 2]), ("pad", "pad", [1])]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHall]:
    folder: Path = tmp_path_factory.mktemp("outcomes")
    with start_live_hall(folder, DEVICES, prefix="outcome-test", clock=MONDAY_10_00) as hall:
        yield hall


def _at_window(live: LiveHall, service: str = "SVC_A", holder: str | None = None) -> Any:
    ticket = live.api().issue_ticket(service, holder_id=holder)
    called = live.clerk(1).call_next(1)
    assert called is not None and called.ticket is not None and called.ticket.id == ticket.id
    return ticket


def _error(call: Any) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call()
    return caught.value


def test_each_outcome_is_stored_told_to_the_citizen_and_kept_off_the_public_stream(live: LiveHall) -> None:
    clerk = live.clerk(1)
    since = last_seq(live.url)
    plain = _at_window(live)
    assert clerk.finish(1).ticket is not None  # no body: 一次办结, as a keypad's finish
    pending = _at_window(live)
    due = date(2026, 3, 9)
    answer = clerk.finish(
        1, FinishIn(outcome="accepted_pending", missing=["申请表", "户口簿复印件"], due=due, note="周五前补交")
    )
    assert answer.ticket is not None and answer.ticket.outcome == "accepted_pending"
    returned = _at_window(live)
    clerk.finish(1, FinishIn(outcome="returned", missing=["身份证原件"]))
    consulted = _at_window(live)
    clerk.finish(1, FinishIn(outcome="consulted"))

    public = live.api(None)
    seen = {t.number: public.ticket(t.id, t.track_token) for t in (plain, pending, returned, consulted)}
    assert [(s.outcome, s.missing, s.due) for s in seen.values()] == [
        ("completed", [], None),
        ("accepted_pending", ["申请表", "户口簿复印件"], due),
        ("returned", ["身份证原件"], None),
        ("consulted", [], None),
    ]
    finished = [e for e in read_log(live.url, since) if e["type"] == "ticket.finished"]
    assert [(e["data"]["number"], e["data"]["outcome"]) for e in finished] == [
        (plain.number, "completed"),
        (pending.number, "accepted_pending"),
        (returned.number, "returned"),
        (consulted.number, "consulted"),
    ]
    stream = str(read_log(live.url, since))
    for private in ("申请表", "户口簿", "周五前补交", "身份证原件"):
        assert private not in stream, f"{private} leaked onto the public event stream"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"outcome": "done"}, "办结结果只能是"),
        ({"outcome": "accepted_pending", "due": "2026-03-09"}, "至少列出一项"),
        ({"outcome": "accepted_pending", "missing": ["申请表"]}, "期限"),
        ({"outcome": "accepted_pending", "missing": ["申请表"], "due": "2026-03-01"}, "已经过去"),
        ({"outcome": "returned", "missing": ["  "]}, "至少列出一项"),
        ({"outcome": "completed", "missing": ["申请表"]}, "不应列出缺件"),
        ({"outcome": "returned", "missing": ["申请表"], "due": "2026-03-09"}, "只有容缺受理"),
    ],
)
def test_an_outcome_that_cannot_be_acted_on_is_refused_in_chinese_and_the_citizen_stays_at_the_window(
    live: LiveHall, body: dict[str, Any], words: str
) -> None:
    ticket = _at_window(live)
    clerk = live.clerk(1)
    err = _error(lambda: clerk.request("POST", "/windows/1/finish", json=body))
    assert err.status == 400 and words in err.message, (err.status, err.message)
    window = live.api(None).hall().windows[0]
    assert window.serving == ticket.number, "a refused 办结 must leave the ticket at the window"
    live.clerk(1).finish(1)


def test_a_pending_acceptance_opens_a_follow_up_that_the_clerk_closes_when_the_item_arrives(live: LiveHall) -> None:
    clerk = live.clerk(1)
    ticket = _at_window(live, "SVC_B", holder="13900001111")
    clerk.finish(1, FinishIn(outcome="accepted_pending", missing=["申请表"], due=date(2026, 3, 6)))
    mine = clerk.followups(number=ticket.number)
    assert [(f.number, f.missing, f.due, f.owner_staff_no, f.status) for f in mine] == [
        (ticket.number, ["申请表"], date(2026, 3, 6), "1001", "open")
    ]
    # The citizen comes back and gives the phone number in another form: found all the same.
    assert [f.id for f in clerk.followups(holder="+86 139-0000-1111")] == [mine[0].id]
    assert mine[0].id in [f.id for f in clerk.followups("open")]
    done = clerk.fulfil_followup(mine[0].id, "申请表原件已收")
    assert (done.status, done.fulfilled_by, done.received) == ("done", "1001", "申请表原件已收")
    assert mine[0].id not in [f.id for f in clerk.followups("open")]
    assert mine[0].id in [f.id for f in clerk.followups("done")]
    again = _error(lambda: clerk.fulfil_followup(mine[0].id))
    assert again.status == 409 and "已经补齐" in again.message
    pad = live.api("pad")
    assert _error(lambda: pad.followups()).status == 403  # a citizen-facing device never lists them


@pytest.mark.parametrize(
    "typed", ["138 0013 8000", "138-0013-8000", "１３８００１３８０００", "+86 13800138000", "0086-138-0013-8000"]
)
def test_one_ticket_per_person_knows_a_phone_number_however_it_is_typed(live: LiveHall, typed: str) -> None:
    kiosk = live.api()
    held = kiosk.issue_ticket("SVC_B", holder_id="13800138000")
    try:
        refused = _error(lambda: kiosk.issue_ticket("SVC_B", holder_id=typed))
        assert refused.status == 409 and held.number in refused.message, refused.message
    finally:
        live.clerk(1).call_number(1, held.number)
        live.clerk(1).finish(1)


def test_an_id_number_with_a_lower_case_x_is_the_same_person(live: LiveHall) -> None:
    kiosk = live.api()
    held = kiosk.issue_ticket("SVC_B", holder_id="11010519491231002X")
    refused = _error(lambda: kiosk.issue_ticket("SVC_B", holder_id="110105 19491231 002x"))
    assert refused.status == 409 and held.number in refused.message
    live.clerk(1).call_number(1, held.number)
    live.clerk(1).finish(1)


def test_the_rating_export_without_a_hall_file_exports_the_hall_in_the_database(live: LiveHall, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from jiaohao.cli import main

    ticket = _at_window(live)
    live.clerk(1).finish(1)
    live.api("pad").rate(ticket.id, 4)
    args = ["admin", "--db", live.db_url, "export-ratings", "--from", "2026-03-02", "--to", "2026-03-02"]
    out = tmp_path / "ratings.csv"
    result = CliRunner().invoke(main, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert any(f"{live.hall_id}-20260302-{ticket.number}" in line for line in lines[1:]), lines
    empty = CliRunner().invoke(main, [*args[:4], "--from", "2026-02-01", "--to", "2026-02-02", "--out", str(out)])
    assert empty.exit_code == 0 and "no ratings" in empty.output, empty.output
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 1, "an empty period: the header alone"


def test_the_one_time_notice_prints_every_missing_item_through_the_kiosks_printer_stack(
    live: LiveHall, tmp_path: Path
) -> None:
    """一次性告知书 for a 容缺受理: the window's answer to 办结 fills it; printed on a virtual printer; the bytes,
    parsed back, say the service, each missing item, the due date, the clerk and the hall; both print modes."""
    import shutil

    from caller.notice import notice_for, print_notice
    from drivers.printer.parser import parse
    from drivers.printer.printer import TicketPrinter
    from drivers.printer.profile import PrinterProfile
    from tests.support.screenshots import SCREENSHOTS

    clerk = live.clerk(1)
    ticket = _at_window(live)
    body = FinishIn(
        outcome="accepted_pending", missing=["申请表", "不动产权证书原件及复印件（共三份）"], due=date(2026, 3, 9)
    )
    answer = clerk.finish(1, body)
    hall = live.api(None).hall()
    window = next(w for w in hall.windows if w.number == 1)
    assert answer.ticket is not None
    notice = notice_for(hall, answer.ticket, answer.window, hall.now)
    assert notice is not None and window.staff_no == "1001"
    for mode in ("text", "raster"):
        folder = tmp_path / mode
        with TicketPrinter(f"virtual://{folder}", PrinterProfile(mode=mode)) as printer:
            print_notice(printer, notice)
        (job,) = sorted(folder.glob("job-*.bin"))
        png = job.with_suffix(".png")
        assert png.stat().st_size > 0
        shown = SCREENSHOTS / "notice"
        shown.mkdir(parents=True, exist_ok=True)
        shutil.copy(png, shown / f"notice-{mode}.png")
        parsed = parse(job.read_bytes())
        if mode == "raster":
            assert parsed.images and not parsed.text().strip(), "raster mode sends the notice as an image"
            continue
        text = parsed.text()
        for words in (
            "一次性告知书",
            "办理事项：业务A",
            f"排队号码：{ticket.number}",
            "容缺受理",
            "1. 申请表",
            "2. 不动产权证书原件及复印件",
            "补齐期限：2026年3月9日前",
            "经办人：测试员甲（工号 1001）",
            "咨询电话：010-12345678",
            "告知时间：2026-03-02 10:",
        ):
            assert words in text, f"{words!r} missing from the printed notice:\n{text}"
        assert parsed.cuts, "the notice is cut off the roll"


def test_the_first_clerk_stays_answerable_through_a_transfer_and_the_next_window_reads_the_note(
    live: LiveHall,
) -> None:
    """首问负责: 1001 takes the case at window 1 and transfers it with a note; 1002 at window 2 sees the note and
    accepts it with an item missing: the follow-up is 1001's, the first clerk's."""
    ticket = _at_window(live)
    live.clerk(1).transfer(1, to_window=2, position="front", note="已核验身份证，缺申请表")
    called = live.clerk(2).call_number(2, ticket.number)
    assert called.ticket is not None
    assert (called.ticket.first_staff_no, called.ticket.transfer_note) == ("1001", "已核验身份证，缺申请表")
    live.clerk(2).finish(2, FinishIn(outcome="accepted_pending", missing=["申请表"], due=date(2026, 3, 5)))
    (owed,) = live.clerk(2).followups(number=ticket.number)
    assert owed.owner_staff_no == "1001"
    public = live.api(None).ticket(ticket.id, ticket.track_token)
    assert (public.transfer_note, public.first_staff_no) == (None, None)  # clerk-to-clerk words stay off the phone


def test_a_follow_up_past_its_due_day_turns_overdue_and_is_announced_once(live: LiveHall) -> None:
    clerk = live.clerk(1)
    ticket = _at_window(live)
    due = date(2026, 3, 3)
    clerk.finish(1, FinishIn(outcome="accepted_pending", missing=["户口簿复印件"], due=due))
    followup = clerk.followups(number=ticket.number)[0]
    assert followup.id not in [f.id for f in clerk.followups("overdue")]
    since = last_seq(live.url)
    live.advance(timedelta(days=2))  # Wednesday 10:00: Tuesday, the due day, has passed
    live.advance(timedelta(minutes=1))  # a second sweep announces nothing twice
    clerk = live.api(None)  # the clerk's login of Monday has expired: Wednesday's
    clerk.token = clerk.login("1001", "1111", 1).token
    overdue = [e for e in read_log(live.url, since) if e["type"] == "followup.overdue"]
    assert [e["data"]["followup_id"] for e in overdue].count(followup.id) == 1
    assert "户口簿" not in str(overdue)
    assert followup.id in [f.id for f in clerk.followups("overdue")]
    assert followup.id not in [f.id for f in clerk.followups("done")]
    closed = clerk.fulfil_followup(followup.id)
    assert closed.status == "done"
    bad = _error(lambda: clerk.followups("late"))
    assert bad.status == 400 and "状态只能是" in bad.message
