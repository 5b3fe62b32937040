"""The clerk's actions, which of them the state machine allows, how each reaches the server, and how to tell
after a network blink whether an action whose answer was lost took effect.

Pure: no Qt and no I/O of its own (`perform` is handed the blocking `HallApi`), shared by the caller app
and the `jiaohao bus` hub so a keypad key and a button are the same code path.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from client.api import HallApi
from jiaohao.domain.tickets import Action, TicketState, allowed_actions
from jiaohao.wire.models import FinishIn, WindowOut, WindowTicketOut

__all__ = [
    "PAUSE_REASONS",
    "ActionRequest",
    "CallerAction",
    "Outcome",
    "WindowFacts",
    "enabled_actions",
    "perform",
    "reconcile",
]

PAUSE_REASONS = ("午休", "业务培训", "系统故障", "临时离开", "其他")


class CallerAction(enum.Enum):
    CALL_NEXT = "call_next"
    CALL_NUMBER = "call_number"  # a chosen ticket: waiting, transferred here, or held / no-show at this window
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    HOLD = "hold"
    TRANSFER = "transfer"
    PAUSE = "pause"
    RESUME = "resume"
    REQUEST_RATING = "request_rating"


LABELS: dict[CallerAction, str] = {
    CallerAction.CALL_NEXT: "叫号",
    CallerAction.CALL_NUMBER: "叫指定号",
    CallerAction.RECALL: "重呼",
    CallerAction.START: "开始办理",
    CallerAction.FINISH: "办结",
    CallerAction.NO_SHOW: "过号",
    CallerAction.HOLD: "挂起",
    CallerAction.TRANSFER: "转移",
    CallerAction.PAUSE: "暂停",
    CallerAction.RESUME: "恢复",
    CallerAction.REQUEST_RATING: "请评价",
}

# The ticket actions a button maps to in the domain's one table of transitions.
_DOMAIN: dict[CallerAction, Action] = {
    CallerAction.RECALL: Action.RECALL,
    CallerAction.START: Action.START,
    CallerAction.FINISH: Action.FINISH,
    CallerAction.NO_SHOW: Action.NO_SHOW,
    CallerAction.HOLD: Action.HOLD,
    CallerAction.TRANSFER: Action.TRANSFER,
}


def enabled_actions(status: str | None, ticket_state: TicketState | None) -> frozenset[CallerAction]:
    """What the clerk may press: the domain's transitions for the current ticket, plus the window's own.

    A closed window (nobody logged in) can do nothing; a paused one can only resume — calling while paused
    is refused by the server, so the button must not invite it; nor may a window pause while a citizen it
    called is on the way or being served. 请评价 needs no ticket at the window: the
    server asks again for the last finished one.
    """
    if status not in ("open", "paused"):
        return frozenset()
    if status == "paused":
        return frozenset({CallerAction.RESUME, CallerAction.REQUEST_RATING})
    allowed = {CallerAction.CALL_NEXT, CallerAction.CALL_NUMBER, CallerAction.REQUEST_RATING}
    if ticket_state is None:
        allowed.add(CallerAction.PAUSE)  # with a citizen called here, settle them first (the server refuses too)
    domain = set(allowed_actions(ticket_state))
    allowed |= {action for action, rule in _DOMAIN.items() if rule in domain}
    return frozenset(allowed)


@dataclass(frozen=True)
class ActionRequest:
    action: CallerAction
    number: str | None = None  # CALL_NUMBER
    service: str | None = None  # TRANSFER to a service
    to_window: int | None = None  # TRANSFER to a window
    position: str = "back"  # TRANSFER: front (keeps its place) or back of the queue
    reason: str | None = None  # PAUSE
    outcome: FinishIn | None = None  # FINISH: 容缺/告知/咨询 and what is missing (None: 一次办结)

    @property
    def label(self) -> str:
        if self.action is CallerAction.CALL_NUMBER and self.number:
            return f"叫 {self.number} 号"
        return LABELS[self.action]


@dataclass(frozen=True)
class WindowFacts:
    """The window as the clerk saw it when pressing: what an action's effect is judged against."""

    status: str | None
    serving: str | None
    serving_state: str | None

    @classmethod
    def of(cls, window: WindowOut | None) -> WindowFacts:
        if window is None:
            return cls(None, None, None)
        return cls(window.status, window.serving, window.serving_state)


# The answer of a window action: the ticket and window (most actions), the window (pause/resume), None (204).
Answer = WindowTicketOut | WindowOut | dict[str, Any] | None


def perform(api: HallApi, window: int, request: ActionRequest) -> Answer:
    """Send one action (blocking; call it on a worker thread). Raises `ApiError`."""
    match request.action:
        case CallerAction.CALL_NEXT:
            return api.call_next(window)
        case CallerAction.CALL_NUMBER:
            return api.call_number(window, request.number or "")
        case CallerAction.RECALL:
            return api.recall(window)
        case CallerAction.START:
            return api.start(window)
        case CallerAction.FINISH:
            return api.finish(window, request.outcome)
        case CallerAction.NO_SHOW:
            return api.no_show(window)
        case CallerAction.HOLD:
            return api.hold(window)
        case CallerAction.TRANSFER:
            return api.transfer(window, service=request.service, to_window=request.to_window, position=request.position)
        case CallerAction.PAUSE:
            return api.pause(window, request.reason)
        case CallerAction.RESUME:
            return api.resume(window)
        case CallerAction.REQUEST_RATING:
            return api.request_rating(window)
    raise AssertionError(f"unhandled action {request.action}")


class Outcome(enum.Enum):
    APPLIED = "applied"  # the server did it: do not send again
    NOT_APPLIED = "not_applied"  # the window is still as it was: sending again cannot double it
    NOT_RETRIED = "not_retried"  # unknowable or harmless to lose (recall, rating request): tell the clerk


def reconcile(request: ActionRequest, before: WindowFacts, now: WindowOut) -> Outcome:
    """Did `request`, sent when the window looked like `before`, take effect, judging by the window `now`?

    Only this window's clerk (or its keypad) moves its current ticket, so a change of the current ticket
    since the press is the action's own effect. Recall and rating requests leave no trace in the window
    view, and a second one would make the citizen hear or see it twice, so they are never resent.
    """
    action = request.action
    if action in (CallerAction.RECALL, CallerAction.REQUEST_RATING):
        return Outcome.NOT_RETRIED
    if action is CallerAction.PAUSE:
        return Outcome.APPLIED if now.status == "paused" else Outcome.NOT_APPLIED
    if action is CallerAction.RESUME:
        return Outcome.APPLIED if now.status == "open" else Outcome.NOT_APPLIED
    if action is CallerAction.START:
        if now.serving == before.serving and now.serving_state == TicketState.SERVING.value:
            return Outcome.APPLIED
        return Outcome.NOT_APPLIED if now.serving == before.serving else Outcome.APPLIED
    if action is CallerAction.CALL_NUMBER:
        return Outcome.APPLIED if now.serving == request.number else Outcome.NOT_APPLIED
    # call-next, finish, no-show, hold, transfer: each takes the current ticket away from the window (call-next
    # puts another one there, or leaves it empty when nobody waits).
    return Outcome.APPLIED if now.serving != before.serving else Outcome.NOT_APPLIED
