"""Pure rules: enabled buttons, judging an action after a blink, keypad keys, the waiting list, translations."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from caller.actions import ActionRequest, CallerAction, Outcome, WindowFacts, enabled_actions, reconcile
from caller.hub import HubError, parse_map
from caller.keypad import keypad_request
from caller.tracking import WaitingList, concerns_window
from client.i18n import TsTranslator
from drivers.bus import KeypadAction
from jiaohao.domain.tickets import TicketState
from jiaohao.wire.models import Event, QueueEntry, WindowOut
from tests.support.events import event

A = CallerAction
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def _window(status: str = "open", serving: str | None = None, state: str | None = None) -> WindowOut:
    return WindowOut(
        number=1, name="1号窗口", kind="综合", services=["SVC_A"], status=status, serving=serving, serving_state=state
    )


def test_buttons_follow_the_state_machine() -> None:
    assert enabled_actions(None, None) == frozenset()
    assert enabled_actions("closed", None) == frozenset()
    assert enabled_actions("paused", TicketState.CALLED) == {A.RESUME, A.REQUEST_RATING}
    idle = {A.CALL_NEXT, A.CALL_NUMBER, A.PAUSE, A.REQUEST_RATING}
    assert enabled_actions("open", None) == idle
    busy = idle - {A.PAUSE}  # a citizen called here is settled before the window may pause
    called = busy | {A.RECALL, A.START, A.FINISH, A.NO_SHOW, A.HOLD, A.TRANSFER}
    assert enabled_actions("open", TicketState.CALLED) == called
    assert enabled_actions("open", TicketState.SERVING) == busy | {A.FINISH, A.HOLD, A.TRANSFER}


@pytest.mark.parametrize(
    ("action", "before", "now", "outcome"),
    [
        (A.FINISH, ("A001", "serving"), (None, None), Outcome.APPLIED),
        (A.FINISH, ("A001", "serving"), ("A001", "serving"), Outcome.NOT_APPLIED),
        (A.CALL_NEXT, (None, None), ("A002", "called"), Outcome.APPLIED),
        (A.CALL_NEXT, ("A001", "serving"), ("A001", "serving"), Outcome.NOT_APPLIED),
        (A.START, ("A001", "called"), ("A001", "serving"), Outcome.APPLIED),
        (A.START, ("A001", "called"), ("A001", "called"), Outcome.NOT_APPLIED),
        (A.RECALL, ("A001", "called"), ("A001", "called"), Outcome.NOT_RETRIED),
        (A.HOLD, ("A001", "called"), (None, None), Outcome.APPLIED),
    ],
)
def test_an_action_without_answer_is_judged_by_the_window(
    action: CallerAction, before: tuple[str | None, str | None], now: tuple[str | None, str | None], outcome: Outcome
) -> None:
    facts = WindowFacts("open", *before)
    assert reconcile(ActionRequest(action), facts, _window("open", *now)) is outcome


def test_pause_and_resume_are_judged_by_the_window_status() -> None:
    facts = WindowFacts("open", None, None)
    assert reconcile(ActionRequest(A.PAUSE, reason="午休"), facts, _window("paused")) is Outcome.APPLIED
    assert reconcile(ActionRequest(A.PAUSE, reason="午休"), facts, _window("open")) is Outcome.NOT_APPLIED
    assert reconcile(ActionRequest(A.RESUME), facts, _window("open")) is Outcome.APPLIED


def test_keypad_keys_become_the_buttons_actions() -> None:
    def request(action: KeypadAction, **kw: object) -> ActionRequest | None:
        options: dict[str, object] = {"paused": False, "latest_held": None, "current_service": "SVC_A", **kw}
        return keypad_request(action, **options)  # type: ignore[arg-type]

    assert request(KeypadAction.CALL) == ActionRequest(A.CALL_NEXT)
    assert request(KeypadAction.PAUSE) == ActionRequest(A.PAUSE, reason="临时离开")
    assert request(KeypadAction.PAUSE, paused=True) == ActionRequest(A.RESUME)
    assert request(KeypadAction.CALL_HELD) is None
    assert request(KeypadAction.CALL_HELD, latest_held="A003") == ActionRequest(A.CALL_NUMBER, number="A003")
    assert request(KeypadAction.TRANSFER) == ActionRequest(A.TRANSFER, service="SVC_A", position="front")


def _event(seq: int, kind: str, minutes: float = 0, **data: object) -> Event:
    return event(seq, kind, T0 + timedelta(minutes=minutes), data)


def _entry(ticket_id: int, number: str, state: str = "waiting", **extra: object) -> QueueEntry:
    fields: dict[str, object] = {
        "id": ticket_id,
        "number": number,
        "service": "SVC_A",
        "service_name": "业务A",
        "channel": "normal",
        "state": state,
        "issued_at": T0 + timedelta(minutes=ticket_id),
        "waited_min": 0,
        **extra,
    }
    return QueueEntry.model_validate(fields)


def test_the_waiting_list_is_the_servers_and_remembers_what_was_held_last() -> None:
    waiting = WaitingList(1)
    waiting.replace(
        [
            _entry(9, "C009", "transferred", target_window=1, transferred=True),
            _entry(1, "A001"),
            _entry(3, "A003", "held"),
            _entry(4, "A004", "held"),
            _entry(2, "A002", "no_show"),
        ]
    )
    assert [t.number for t in waiting.ordered()] == ["C009", "A001", "A003", "A004", "A002"]  # as the server said
    assert waiting.queued == 2 and waiting.issued_at(1) == T0 + timedelta(minutes=1)
    assert 9 in waiting.transferred_ids
    # Held before this caller started: the server's order decides (the last listed).
    assert waiting.latest_held() is not None and waiting.latest_held().number == "A004"  # type: ignore[union-attr]
    waiting.note(_event(1, "ticket.held", id=3, number="A003", window=1))  # held here just now
    assert waiting.latest_held() is not None and waiting.latest_held().number == "A003"  # type: ignore[union-attr]
    waiting.note(_event(2, "ticket.held", id=4, number="A004", window=2))  # another window's hold: not ours
    assert waiting.latest_held().number == "A003"  # type: ignore[union-attr]
    waiting.note(_event(3, "ticket.called", id=1, number="A001", window=2))  # gone at once, before the next read
    assert [t.number for t in waiting.ordered()][:2] == ["C009", "A003"]


@pytest.mark.parametrize(
    ("kind", "data", "concerns"),
    [
        ("ticket.issued", {"id": 20, "service": "SVC_A"}, True),
        ("ticket.issued", {"id": 20, "service": "SVC_C"}, False),
        ("ticket.called", {"id": 1, "window": 2}, True),  # another window took a ticket off our list
        ("ticket.called", {"id": 30, "window": 2}, False),
        ("ticket.called", {"id": 30, "window": 1}, True),
        ("ticket.transferred", {"id": 30, "service": "SVC_C", "window": 3, "to_window": 1}, True),
        ("ticket.transferred", {"id": 30, "service": "SVC_A", "window": 3, "to_window": None}, True),
        ("ticket.transferred", {"id": 30, "service": "SVC_C", "window": 3, "to_window": None}, False),
        ("ticket.serving", {"id": 30, "window": 1}, False),
        ("ticket.finished", {"id": 30, "window": 1}, True),
        ("ticket.no_show", {"id": 30, "window": 2}, False),
        ("rating.recorded", {"ticket_id": 30, "window": 1, "level": 5}, True),
        ("day.started", {"business_day": "2026-03-03"}, True),
        ("hall.counts", {"services": {}}, False),
    ],
)
def test_which_events_make_the_list_and_figures_stale(kind: str, data: dict[str, object], concerns: bool) -> None:
    assert concerns_window(_event(1, kind, **data), 1, ["SVC_A", "SVC_B"], {1, 2}) is concerns


def test_hub_map_is_checked() -> None:
    assert parse_map(("1=1", "12=3")) == {1: 1, 12: 3}
    with pytest.raises(HubError):
        parse_map(("1:1",))
    with pytest.raises(HubError):
        parse_map(("1=1", "1=2"))


def test_every_caller_string_has_an_english_translation() -> None:
    root = Path(__file__).resolve().parents[2]
    english = TsTranslator(root / "client/translations/jiaohao_en.ts")
    missing = []
    for path in (root / "caller").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        context = re.search(r'^CTX = "(\w+)"', source, re.M)
        if context is None:
            continue
        for text in re.findall(r'(?:\btr\(CTX,\s*|_tr\(|\bsay\()"((?:[^"\\]|\\.)*)"', source):
            text = text.replace("\\n", "\n")
            if english.translate(context.group(1), text) is None:
                missing.append((context.group(1), text))
    assert missing == []
