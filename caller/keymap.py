"""Which key does what: F-keys and the numpad on the PC, the hall keypad on the bus — one table each.

The numpad works like the hall keypad clerks already know (`docs/bus.md`): `+` 叫号, `*` 重呼, `/` 暂停,
`-` 转移, `.` 请评价, and a digit then Enter for 6 过号, 0 挂起, 3 叫回挂起 — the same `KeypadEntry` rules, so
a stray digit never marks a citizen absent.
"""

from __future__ import annotations

from drivers.bus import Key, KeypadAction

from .actions import CallerAction

__all__ = ["FUNCTION_KEYS", "KEYPAD_ACTIONS", "NUMPAD_HINTS", "NUMPAD_KEYS"]

# Shown on the buttons; one key per action, in the order of a clerk's day.
FUNCTION_KEYS: dict[CallerAction, str] = {
    CallerAction.CALL_NEXT: "F1",
    CallerAction.RECALL: "F2",
    CallerAction.START: "F3",
    CallerAction.FINISH: "F4",
    CallerAction.NO_SHOW: "F5",
    CallerAction.HOLD: "F6",
    CallerAction.TRANSFER: "F7",
    CallerAction.PAUSE: "F8",
    CallerAction.RESUME: "F8",  # one key toggles: 暂停 when open, 恢复 when paused
    CallerAction.CALL_NUMBER: "F9",
    CallerAction.REQUEST_RATING: "F10",
}

NUMPAD_HINTS: dict[CallerAction, str] = {
    CallerAction.CALL_NEXT: "+",
    CallerAction.RECALL: "*",
    CallerAction.NO_SHOW: "6↵",
    CallerAction.HOLD: "0↵",
    CallerAction.TRANSFER: "-",
    CallerAction.PAUSE: "/",
    CallerAction.RESUME: "/",
    CallerAction.REQUEST_RATING: ".",
}

# Qt numpad key text → the hall keypad's key code; digits map to themselves.
NUMPAD_KEYS: dict[str, int] = {
    "+": Key.CALL,
    "*": Key.RECALL,
    "/": Key.PAUSE,
    "-": Key.TRANSFER,
    ".": Key.REQUEST_RATING,
    "\r": Key.CONFIRM,
    "\n": Key.CONFIRM,
    **{str(d): d for d in range(10)},
}

# A keypad's action → the caller's. PAUSE toggles; TRANSFER on a keypad (no screen to choose a target)
# sends the ticket back to its own service queue at the front, as hall keypads do; CALL_HELD calls back the
# most recently held ticket of this window.
KEYPAD_ACTIONS: dict[KeypadAction, CallerAction] = {
    KeypadAction.CALL: CallerAction.CALL_NEXT,
    KeypadAction.RECALL: CallerAction.RECALL,
    KeypadAction.REQUEST_RATING: CallerAction.REQUEST_RATING,
    KeypadAction.PAUSE: CallerAction.PAUSE,
    KeypadAction.TRANSFER: CallerAction.TRANSFER,
    KeypadAction.NO_SHOW: CallerAction.NO_SHOW,
    KeypadAction.HOLD: CallerAction.HOLD,
    KeypadAction.CALL_HELD: CallerAction.CALL_NUMBER,
}
