"""What the bytes mean for each device role: keypad keys, sign/keypad display, beep, evaluator result.

Pure functions and one small state machine (the keypad's digit+confirm entry); no I/O, no threads.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import FrameError
from .frame import Frame

FUNC_KEY = 0x01  # keypad → host: a key; host → evaluator: acknowledgement of a rating
FUNC_SHOW = 0x02  # host → keypad/sign: six display cells
FUNC_BEEP = 0x03  # host → keypad: beep
FUNC_RATING = 0x11  # evaluator → host: the key index that was pressed

DISPLAY_CELLS = 6
BLANK = 0x0A


class Key(enum.IntEnum):
    """Key codes a keypad sends in the last data byte of a FUNC 0x01 frame (digits are 0x00–0x09)."""

    REQUEST_RATING = 0x0B
    CALL = 0x0C
    RECALL = 0x0D
    CONFIRM = 0x0F
    PAUSE = 0x12
    TRANSFER = 0x13


class KeypadAction(enum.Enum):
    CALL = "call"
    RECALL = "recall"
    REQUEST_RATING = "request_rating"
    PAUSE = "pause"
    TRANSFER = "transfer"
    NO_SHOW = "no_show"
    HOLD = "hold"
    CALL_HELD = "call_held"


SINGLE_KEY_ACTIONS: dict[int, KeypadAction] = {
    Key.CALL: KeypadAction.CALL,
    Key.RECALL: KeypadAction.RECALL,
    Key.REQUEST_RATING: KeypadAction.REQUEST_RATING,
    Key.PAUSE: KeypadAction.PAUSE,
    Key.TRANSFER: KeypadAction.TRANSFER,
}
# digit, then CONFIRM
CONFIRMED_DIGIT_ACTIONS: dict[int, KeypadAction] = {
    6: KeypadAction.NO_SHOW,
    0: KeypadAction.HOLD,
    3: KeypadAction.CALL_HELD,
}


def key_of(frame: Frame) -> int | None:
    """The key code of a keypad frame, or None when the frame carries no key."""
    if frame.func != FUNC_KEY or not frame.data:
        return None
    return frame.data[-1]


@dataclass
class KeypadEntry:
    """Turns one keypad's key codes into actions.

    Digits typed since the last other key form the entry; CONFIRM acts only when the entry is exactly one
    digit with a meaning (6 no-show, 0 hold, 3 call back a held ticket). Anything else — a lone CONFIRM,
    "1 6 CONFIRM", an unknown digit — does nothing, because a mistyped sequence at a busy window must not
    mark someone as absent. An entry older than *entry_timeout* seconds is forgotten, so a digit pressed by
    accident in the morning cannot turn a later CONFIRM into an action.
    """

    entry_timeout: float = 10.0
    _digits: list[int] = field(default_factory=list)
    _entered_at: float = 0.0

    def press(self, key: int, now: float) -> KeypadAction | None:
        if self._digits and now - self._entered_at > self.entry_timeout:
            self._digits.clear()
        if 0 <= key <= 9:
            self._digits.append(key)
            self._entered_at = now
            return None
        digits, self._digits = self._digits, []
        if key == Key.CONFIRM:
            return CONFIRMED_DIGIT_ACTIONS.get(digits[0]) if len(digits) == 1 else None
        return SINGLE_KEY_ACTIONS.get(key)


def display_cells(number: str | None, letters: Mapping[str, int] | None = None) -> bytes:
    """Six display cells for a ticket number, right-aligned, blanks (0x0A) in front.

    The common hall keypads and window signs are seven-segment digit displays, so a letter is dropped
    ("A001" shows as "   001") unless *letters* gives that sign's code for it. None blanks the display.
    """
    if number is None:
        return bytes([BLANK] * DISPLAY_CELLS)
    cells: list[int] = []
    for char in number.strip().upper():
        if char.isdigit() and char.isascii():
            cells.append(int(char))
        elif letters is not None and char in letters:
            cells.append(letters[char])
        elif not char.isalpha():
            raise FrameError(f"cannot show {number!r} on a sign: {char!r} is neither a digit nor a letter")
    if len(cells) > DISPLAY_CELLS:
        raise FrameError(f"{number!r} needs {len(cells)} cells, the sign has {DISPLAY_CELLS}")
    return bytes([BLANK] * (DISPLAY_CELLS - len(cells)) + cells)


def number_from_cells(cells: bytes, letters: Mapping[str, int] | None = None) -> str | None:
    """Inverse of display_cells as a sign would show it: "001" for A001, None when blank."""
    by_code = {code: char for char, code in (letters or {}).items()}
    text = "".join(str(c) if c <= 9 else by_code.get(c, "") for c in cells if c != BLANK)
    return text or None


def show_number_frame(addr: int, number: str | None, letters: Mapping[str, int] | None = None) -> Frame:
    return Frame(addr, FUNC_SHOW, display_cells(number, letters))


def beep_frame(addr: int) -> Frame:
    # No data byte: the keypads beep once per frame; a longer beep is more frames.
    return Frame(addr, FUNC_BEEP)


def rating_ack_frame(rating: Frame) -> Frame:
    """The host's answer to an evaluator: FUNC 0x01 to its address carrying the same data, so the device
    can tell which press was acknowledged."""
    return Frame(rating.addr, FUNC_KEY, rating.data)


@dataclass(frozen=True)
class EvaluatorLayout:
    """Evaluator key index (DATA[0], counted from 1, leftmost key first) → rating level (5 非常满意 … 1)."""

    name: str
    levels: Mapping[int, int]

    def level_of(self, frame: Frame) -> int | None:
        if frame.func != FUNC_RATING or not frame.data:
            return None
        return self.levels.get(frame.data[0])

    def index_of(self, level: int) -> int:
        for index, mapped in self.levels.items():
            if mapped == level:
                return index
        raise ValueError(f"evaluator {self.name} has no key for level {level}")

    @classmethod
    def parse(cls, text: str) -> EvaluatorLayout:
        """"5key", "4key", or explicit pairs "1=5,2=4,3=3,4=2" from a hall file."""
        if text in LAYOUTS:
            return LAYOUTS[text]
        levels: dict[int, int] = {}
        try:
            for pair in text.split(","):
                index, _, level = pair.partition("=")
                levels[int(index)] = int(level)
        except ValueError as err:
            raise ValueError(f"evaluator layout must be 5key, 4key or INDEX=LEVEL,… not {text!r}") from err
        if not all(1 <= level <= 5 for level in levels.values()):
            raise ValueError(f"rating levels are 1..5: {text!r}")
        return cls(text, levels)


# 5 keys: 非常满意 满意 基本满意 不满意 非常不满意, left to right.
FIVE_KEY = EvaluatorLayout("5key", {1: 5, 2: 4, 3: 3, 4: 2, 5: 1})
# 4 keys: 非常满意 满意 基本满意 不满意 — the common 4-key pad has no 非常不满意, so level 1 cannot be given.
FOUR_KEY = EvaluatorLayout("4key", {1: 5, 2: 4, 3: 3, 4: 2})
LAYOUTS = {layout.name: layout for layout in (FIVE_KEY, FOUR_KEY)}
