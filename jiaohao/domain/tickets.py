"""Ticket states and the one table of which action may move a ticket from which state."""

from __future__ import annotations

from enum import StrEnum

from .errors import Conflict


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    HELD = "held"
    TRANSFERRED = "transferred"  # re-queued at another service or window, waiting there
    CANCELLED = "cancelled"


class Channel(StrEnum):
    NORMAL = "normal"
    GREEN = "green"  # 绿色通道: elderly, disabled, military …
    APPOINTMENT = "appointment"  # checked in within its slot; served like the green channel


class Action(StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    HOLD = "hold"
    TRANSFER = "transfer"
    CANCEL = "cancel"


S = TicketState

# Which states a ticket may be in for each action, and where the action takes it.
TRANSITIONS: dict[Action, tuple[frozenset[TicketState], TicketState]] = {
    Action.CALL: (frozenset({S.WAITING, S.TRANSFERRED, S.HELD, S.NO_SHOW}), S.CALLED),
    Action.RECALL: (frozenset({S.CALLED}), S.CALLED),
    Action.START: (frozenset({S.CALLED}), S.SERVING),
    # A clerk may finish straight from 'called' (the citizen came, nothing to start separately).
    Action.FINISH: (frozenset({S.CALLED, S.SERVING}), S.DONE),
    Action.NO_SHOW: (frozenset({S.CALLED}), S.NO_SHOW),
    Action.HOLD: (frozenset({S.CALLED, S.SERVING}), S.HELD),
    Action.TRANSFER: (frozenset({S.CALLED, S.SERVING}), S.TRANSFERRED),
    Action.CANCEL: (frozenset({S.WAITING, S.TRANSFERRED, S.HELD, S.NO_SHOW}), S.CANCELLED),
}

# The state sets every part of the hall speaks of; defined here only.
QUEUED = frozenset({S.WAITING, S.TRANSFERRED})  # in a queue: what call-next picks from
AT_WINDOW = frozenset({S.CALLED, S.SERVING})  # a window's current ticket
BACK_AT_WINDOW = frozenset({S.HELD, S.NO_SHOW})  # left the window, may be called back there by choice
LIVE = QUEUED | AT_WINDOW | BACK_AT_WINDOW  # today's unfinished tickets, kept in the writer's memory
OPEN = QUEUED | AT_WINDOW | {S.HELD}  # still holding its number (one per person); cancelled at the day's turn

_ACTION_ZH = {
    Action.CALL: "叫号",
    Action.RECALL: "重呼",
    Action.START: "开始办理",
    Action.FINISH: "办结",
    Action.NO_SHOW: "过号",
    Action.HOLD: "挂起",
    Action.TRANSFER: "转移",
    Action.CANCEL: "取消",
}
STATE_ZH = {
    S.WAITING: "等候中",
    S.CALLED: "已叫号",
    S.SERVING: "办理中",
    S.DONE: "已办结",
    S.NO_SHOW: "已过号",
    S.HELD: "已挂起",
    S.TRANSFERRED: "已转移，等候中",
    S.CANCELLED: "已取消",
}


def allowed(action: Action, state: TicketState) -> bool:
    return state in TRANSITIONS[action][0]


def next_state(action: Action, state: TicketState, number: str = "") -> TicketState:
    """The state after `action`, or a Conflict that says in Chinese why not."""
    sources, target = TRANSITIONS[action]
    if state not in sources:
        label = f"{number} 号" if number else "该号"
        raise Conflict(
            "invalid_state",
            f"{label}{STATE_ZH[state]}，不能{_ACTION_ZH[action]}",
        )
    return target


def allowed_actions(state: TicketState | None) -> list[Action]:
    """What the caller's buttons may offer for the window's current ticket."""
    if state is None:
        return []
    return [a for a in Action if a is not Action.CALL and a is not Action.CANCEL and allowed(a, state)]
