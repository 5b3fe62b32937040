"""Wrapping by display columns: full-width characters count two, lines never overflow the paper."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drivers.printer.textwidth import display_width, wrap

CHARS = st.sampled_from(list("身份证原件复印一份材料ABC123（）：，。、《》 "))


def test_full_width_counts_two_columns() -> None:
    assert display_width("A001") == 4
    assert display_width("前面还有（正反面）：，。") == 24


def test_punctuation_rules() -> None:
    # "，" may not start a line: the character before it comes down with it.
    assert wrap("一二三四，五", 8) == ["一二三", "四，五"]
    # "（" may not end a line: it moves down to the words it opens.
    assert wrap("一二三（四五）", 8) == ["一二三", "（四五）"]


def test_hanging_indent_for_numbered_items() -> None:
    assert wrap("1. 身份证原件及复印件", 12, indent="   ") == ["1. 身份证原", "   件及复印", "   件"]


@given(st.text(CHARS, min_size=1, max_size=120), st.integers(min_value=8, max_value=48))
def test_no_line_is_wider_than_the_columns(text: str, columns: int) -> None:
    for line in wrap(text, columns, indent="   "):
        assert display_width(line) <= columns


@given(st.text(CHARS.filter(lambda c: c != " "), min_size=1, max_size=120), st.integers(min_value=8, max_value=48))
def test_wrapping_loses_no_character(text: str, columns: int) -> None:
    lines = wrap(text, columns, indent="   ")
    assert "".join(line.removeprefix("   ") if i else line for i, line in enumerate(lines)) == text
