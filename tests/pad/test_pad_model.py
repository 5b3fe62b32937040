"""PadModel without Qt: what the citizen sees and may do at each stage, with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jiaohao.wire.events import RatingRequested
from pad.model import (
    COMMENT_PHRASES,
    DEFAULT_REASONS,
    PadModel,
    Rating,
    RatingRequest,
    Stage,
    Timeouts,
    staff_card,
)


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def request(ticket_id: int = 7, number: str = "A001") -> RatingRequest:
    return RatingRequest(ticket_id, number, "SVC_A", "业务A", "1001", DEFAULT_REASONS)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sent() -> list[Rating]:
    return []


@pytest.fixture
def model(clock: Clock, sent: list[Rating]) -> PadModel:
    return PadModel(1, sent.append, clock=clock, wall_clock=lambda: 1.0e9, timeouts=Timeouts(asking=90, thanks=6))


def test_a_request_asks_with_nothing_preselected(model: PadModel, sent: list[Rating]) -> None:
    seen: list[Stage] = []
    model.subscribe(lambda m: seen.append(m.stage))
    model.requested(request())
    assert model.stage is Stage.ASKING and seen == [Stage.ASKING]
    assert model.level is None and model.reasons == frozenset() and model.phrases == () and sent == []


def test_a_good_rating_is_sent_at_once_and_thanked(model: PadModel, sent: list[Rating]) -> None:
    model.requested(request())
    model.choose(4)
    assert model.stage is Stage.SENDING and sent == [Rating(7, "A001", 4)]
    model.delivered(7)
    assert model.stage is Stage.THANKS and not model.kept_offline


def test_a_bad_rating_needs_a_reason_and_can_be_taken_back(model: PadModel, sent: list[Rating]) -> None:
    model.requested(request())
    model.choose(2)
    assert model.stage is Stage.REASONS and not model.can_submit_reasons
    model.confirm_reasons()
    assert model.stage is Stage.REASONS and sent == []
    model.toggle_reason("办事效率")
    model.toggle_reason("不在列表里")  # ignored: only the hall's reasons
    model.back()
    assert model.stage is Stage.ASKING and model.level is None and model.reasons == frozenset()
    model.choose(1)
    for reason in ("业务水平", "服务态度", "业务水平", "服务态度", "服务态度"):
        model.toggle_reason(reason)
    model.toggle_phrase(COMMENT_PHRASES[1])
    model.toggle_phrase(COMMENT_PHRASES[0])
    model.confirm_reasons()
    assert sent == [Rating(7, "A001", 1, ("服务态度",), f"{COMMENT_PHRASES[1]}；{COMMENT_PHRASES[0]}")]


def test_each_stage_falls_back_to_idle_when_left_alone(model: PadModel, clock: Clock) -> None:
    model.requested(request())
    clock.t += 89
    model.tick()
    assert model.stage is Stage.ASKING
    model.choose(2)  # a tap restarts the quiet time
    clock.t += 59
    model.tick()
    assert model.stage is Stage.REASONS
    clock.t += 1
    model.tick()
    assert model.stage is Stage.IDLE and model.request is None and model.level is None


def test_thanks_and_refusal_leave_after_their_time(model: PadModel, clock: Clock) -> None:
    model.requested(request())
    model.choose(5)
    model.kept(7)
    assert model.stage is Stage.THANKS and model.kept_offline
    clock.t += 6
    model.tick()
    assert model.stage is Stage.IDLE and not model.kept_offline
    model.requested(request(8, "A002"))
    model.choose(5)
    model.refused(8, "A002 号的评价时间已过")
    assert (model.stage, model.message) == (Stage.REFUSED, "A002 号的评价时间已过")
    model.dismiss()
    assert model.stage is Stage.IDLE


def test_next_citizen_replaces_the_screen_but_a_repeat_keeps_the_taps(model: PadModel) -> None:
    model.requested(request(7))
    model.choose(2)
    model.toggle_reason("其他")
    model.requested(request(7))  # the clerk asked again for the same ticket
    assert model.stage is Stage.REASONS and model.reasons == {"其他"}
    model.requested(request(8, "A002"))
    assert model.stage is Stage.ASKING and model.request is not None and model.request.number == "A002"
    assert model.level is None and model.reasons == frozenset()


def test_a_late_answer_about_an_earlier_citizen_does_not_take_the_screen(model: PadModel) -> None:
    model.requested(request(7))
    model.choose(5)
    model.requested(request(8, "A002"))
    model.delivered(7)
    model.refused(7, "…")
    assert model.stage is Stage.ASKING and model.request is not None and model.request.ticket_id == 8


def test_skip_is_always_offered_and_sends_nothing(model: PadModel, sent: list[Rating]) -> None:
    model.requested(request())
    model.skip()
    assert model.stage is Stage.IDLE and sent == []


def test_evaluator_rates_the_last_request_even_after_the_screen_went_idle(
    model: PadModel, clock: Clock, sent: list[Rating]
) -> None:
    assert model.evaluator_pressed(5) is False  # nothing requested yet
    model.requested(request())
    clock.t += 100
    model.tick()
    assert model.stage is Stage.IDLE
    assert model.evaluator_pressed(2) is True
    # The device cannot ask why: sent as the evaluator's, with no reason made up for the citizen.
    assert sent == [Rating(7, "A001", 2, source="evaluator")]
    assert sent[0].reasons == () and sent[0].comment is None
    model.delivered(7)
    assert model.evaluator_pressed(5) is False  # one rating per service
    model.requested(request(7))  # and the touch screen does not ask again for it either
    assert model.stage is Stage.THANKS


def test_a_rating_carries_the_time_of_the_press_as_aware_utc(model: PadModel, sent: list[Rating]) -> None:
    model.requested(request())
    model.choose(5)
    assert sent[0].rated_at == datetime(2001, 9, 9, 1, 46, 40, tzinfo=UTC)  # the injected wall clock, 1e9 s
    assert Rating(7, "A001", 5).rated_at is None  # time unknown (an outbox from before): the server's now


def test_request_from_an_older_servers_finish_event_falls_back_to_hall_names_and_national_reasons() -> None:
    data = {"window": 1, "ticket_id": 3, "number": "B0001", "service": "SVC_B", "staff_no": "1001"}
    built = RatingRequest.from_event(RatingRequested.model_validate(data), {"SVC_B": "业务B"})
    assert (built.service_name, built.reasons) == ("业务B", DEFAULT_REASONS)
    data |= {"service_name": "不动产登记", "reasons": ["服务态度", "其他"]}
    built = RatingRequest.from_event(RatingRequested.model_validate(data), {})
    assert (built.service_name, built.reasons) == ("不动产登记", ("服务态度", "其他"))


def test_staff_card_from_the_window_view() -> None:
    card = staff_card(1, {"name": "1号窗口", "status": "open", "staff_no": "1001", "staff_name": "王小明"})
    assert (card.window_name, card.initial, card.staff_no, card.open, card.photo) == (
        "1号窗口",
        "王",
        "1001",
        True,
        None,
    )
    card = staff_card(1, {"name": "1号窗口", "staff_name": "王小明", "staff_photo": "/api/v1/staff/1001/photo"})
    assert card.photo == "/api/v1/staff/1001/photo"
    assert staff_card(9, None).open is False and staff_card(9, None).initial == "窗"
