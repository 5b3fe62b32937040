"""The outbox file: kept across restarts, replaced atomically, never deleted when unreadable."""

from __future__ import annotations

import json
from pathlib import Path

from client.errors import NETWORK, ApiError
from pad.model import Rating
from pad.outbox import Outbox, Outcome, outcome_of


def test_ratings_survive_a_restart_of_the_pad_and_leave_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "pad" / "outbox.json"
    box = Outbox(path)
    first = box.add(Rating(1, "A001", 5, made_at=10.0))
    second = box.add(Rating(2, "A002", 1, ("服务态度",), "等候时间太长", made_at=11.0))
    third = box.add(Rating(3, "A003", 2, made_at=12.0, source="evaluator"))
    box.attempt(first.key)
    again = Outbox(path)
    assert [(e.rating, e.attempts) for e in again.entries()] == [
        (first.rating, 1),
        (second.rating, 0),
        (third.rating, 0),
    ]
    assert [e.rating.made_at for e in again.entries()] == [10.0, 11.0, 12.0]  # the time of each press, kept
    assert again.entries()[2].rating.source == "evaluator"
    again.remove(third.key)
    again.remove(first.key)
    assert [e.key for e in Outbox(path).entries()] == [second.key]
    assert sorted(p.name for p in path.parent.iterdir()) == ["outbox.json"]
    assert json.loads(path.read_text(encoding="utf-8"))["ratings"][0]["reasons"] == ["服务态度"]


def test_an_unreadable_file_is_set_aside_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / "outbox.json"
    path.write_text("{ half a file", encoding="utf-8")
    box = Outbox(path)
    assert len(box) == 0
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("outbox.json.unreadable-")]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{ half a file"


def test_what_each_answer_means() -> None:
    network = ApiError(NETWORK, "无法连接服务器", 0)
    already = ApiError("already_rated", "A001 号已经评价过了，感谢您的参与", 409)
    assert outcome_of(network, 1) is Outcome.RETRY
    assert outcome_of(ApiError("server_error", "服务器出错", 500), 1) is Outcome.RETRY
    assert outcome_of(ApiError("unauthorized", "令牌无效", 401), 3) is Outcome.RETRY
    assert outcome_of(already, 1) is Outcome.REFUSED  # first try: someone else rated it
    assert outcome_of(already, 2) is Outcome.DELIVERED  # an earlier, unanswered try got through
    assert outcome_of(ApiError("rating_closed", "A001 号的评价时间已过", 409), 2) is Outcome.REFUSED
    assert outcome_of(ApiError("not_this_window", "只能评价在本窗口办理的业务", 403), 1) is Outcome.REFUSED
    assert outcome_of(ApiError("bad_rated_at", "评价时间不合理", 400), 1) is Outcome.RETIME


def test_a_time_the_server_finds_implausible_is_dropped_not_the_rating(tmp_path: Path) -> None:
    """A pad whose clock is set wrong: the rating is sent again with the server's own time."""
    box = Outbox(tmp_path / "outbox.json")
    entry = box.attempt(box.add(Rating(1, "A001", 5, made_at=4.0e9)).key)
    untimed = box.without_time(entry.key)
    assert untimed.rating.rated_at is None and untimed.attempts == 1
    assert Outbox(tmp_path / "outbox.json").entries()[0].rating.made_at == 0.0
