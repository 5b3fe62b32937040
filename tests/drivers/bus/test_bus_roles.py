"""Device roles: keypad keys → actions, numbers on the sign, beep, evaluator keys → rating levels."""

from __future__ import annotations

import pytest

from drivers.bus.errors import FrameError
from drivers.bus.frame import Frame
from drivers.bus.roles import (
    FIVE_KEY,
    FOUR_KEY,
    EvaluatorLayout,
    Key,
    KeypadAction,
    KeypadEntry,
    beep_frame,
    display_cells,
    key_of,
    number_from_cells,
    rating_ack_frame,
    show_number_frame,
)

A = KeypadAction
CONFIRM = Key.CONFIRM


def actions(*keys: int, at: float = 0.0) -> list[KeypadAction]:
    entry = KeypadEntry()
    return [action for key in keys if (action := entry.press(key, at)) is not None]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ((Key.CALL,), [A.CALL]),
        ((Key.RECALL,), [A.RECALL]),
        ((Key.REQUEST_RATING,), [A.REQUEST_RATING]),
        ((Key.PAUSE,), [A.PAUSE]),
        ((Key.TRANSFER,), [A.TRANSFER]),
        ((6, CONFIRM), [A.NO_SHOW]),
        ((0, CONFIRM), [A.HOLD]),
        ((3, CONFIRM), [A.CALL_HELD]),
        ((CONFIRM,), []),  # a lone confirm does nothing
        ((5, CONFIRM), []),  # a digit with no meaning does nothing
        ((1, 6, CONFIRM), []),  # two digits: a mistyped entry, not a no-show
        ((6, Key.CALL, CONFIRM), [A.CALL]),  # another key between digit and confirm cancels the entry
        ((6, CONFIRM, CONFIRM), [A.NO_SHOW]),  # confirm twice does not mark the next citizen absent
        ((Key.CALL, 6, CONFIRM, Key.CALL), [A.CALL, A.NO_SHOW, A.CALL]),
        ((0x7F,), []),  # unknown key code
    ],
)
def test_keypad_sequences(keys: tuple[int, ...], expected: list[KeypadAction]) -> None:
    assert actions(*keys) == expected


def test_a_digit_from_long_ago_does_not_arm_confirm() -> None:
    entry = KeypadEntry(entry_timeout=10.0)
    assert entry.press(6, now=100.0) is None
    assert entry.press(CONFIRM, now=110.5) is None
    assert entry.press(6, now=200.0) is None
    assert entry.press(CONFIRM, now=209.0) is A.NO_SHOW


def test_key_is_the_last_data_byte() -> None:
    assert key_of(Frame(1, 0x01, bytes([0x07, Key.CALL]))) == Key.CALL
    assert key_of(Frame(1, 0x01)) is None
    assert key_of(Frame(1, 0x11, b"\x01")) is None


def test_numbers_on_the_sign_drop_the_letter_and_right_align() -> None:
    assert display_cells("A001") == bytes.fromhex("0A 0A 0A 00 00 01")
    assert display_cells("B120") == bytes.fromhex("0A 0A 0A 01 02 00")
    assert display_cells(None) == bytes.fromhex("0A 0A 0A 0A 0A 0A")
    assert display_cells("123456") == bytes.fromhex("01 02 03 04 05 06")
    assert number_from_cells(display_cells("A001")) == "001"
    assert number_from_cells(display_cells(None)) is None


def test_a_sign_with_letter_glyphs_gets_the_letter() -> None:
    letters = {"A": 0x10, "B": 0x11}
    assert display_cells("A001", letters) == bytes.fromhex("0A 0A 10 00 00 01")
    assert number_from_cells(display_cells("B120", letters), letters) == "B120"


@pytest.mark.parametrize("number", ["A1234567", "A-01", "Ａ００１"])
def test_numbers_a_sign_cannot_show_are_refused(number: str) -> None:
    with pytest.raises(FrameError):
        display_cells(number)


def test_show_and_beep_frames_by_hand() -> None:
    # CS = 01 + 02 + 0A·3 + 01 + 02 + 00 = 0x24
    assert show_number_frame(1, "B120").encode() == bytes.fromhex("FF 68 08 08 68 01 02 0A 0A 0A 01 02 00 24 16")
    # blank: CS = 01 + 02 + 0A·6 = 0x3F
    assert show_number_frame(1, None).encode() == bytes.fromhex("FF 68 08 08 68 01 02 0A 0A 0A 0A 0A 0A 3F 16")
    assert beep_frame(4).encode() == bytes.fromhex("FF 68 02 02 68 04 03 07 16")


def test_rating_is_acknowledged_with_func_01_and_the_same_data() -> None:
    rating = Frame(2, 0x11, b"\x01")
    assert rating.encode() == bytes.fromhex("FF 68 03 03 68 02 11 01 14 16")
    assert rating_ack_frame(rating).encode() == bytes.fromhex("FF 68 03 03 68 02 01 01 04 16")


@pytest.mark.parametrize(("index", "level"), [(1, 5), (2, 4), (3, 3), (4, 2), (5, 1)])
def test_five_key_evaluator(index: int, level: int) -> None:
    assert FIVE_KEY.level_of(Frame(2, 0x11, bytes([index]))) == level


@pytest.mark.parametrize(("index", "level"), [(1, 5), (2, 4), (3, 3), (4, 2), (5, None), (0, None)])
def test_four_key_evaluator(index: int, level: int | None) -> None:
    assert FOUR_KEY.level_of(Frame(2, 0x11, bytes([index]))) == level


def test_four_key_evaluator_cannot_give_level_one() -> None:
    with pytest.raises(ValueError, match="no key for level 1"):
        FOUR_KEY.index_of(1)


def test_layout_from_configuration() -> None:
    assert EvaluatorLayout.parse("4key") is FOUR_KEY
    custom = EvaluatorLayout.parse("0=5,1=4,2=3,3=2,4=1")  # a model that counts keys from 0
    assert custom.level_of(Frame(9, 0x11, b"\x00")) == 5
    with pytest.raises(ValueError):
        EvaluatorLayout.parse("1=6")
    with pytest.raises(ValueError):
        EvaluatorLayout.parse("five")
