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
    assert wrap("1. 身份证原件及复印件", 12, indent="   ") == ["1. 身份证", "   原件及", "   复印件"]


def test_words_and_numbers_stay_whole_and_no_character_sits_alone() -> None:
    assert wrap("预计等候约 24 分钟", 16) == ["预计等候约", "24 分钟"]
    assert wrap("请到 1–4号、7号窗口 办理", 14) == ["请到 1–4号、", "7号窗口 办理"]
    assert wrap("Please take ticket A012 now", 20) == ["Please take ticket", "A012 now"]
    # "高新技术企业认定咨询" at 18 columns used to leave "询" alone on the next line.
    assert wrap("高新技术企业认定咨询", 18) == ["高新技术企业认定", "咨询"]


@given(st.text(CHARS, min_size=1, max_size=120), st.integers(min_value=8, max_value=48))
def test_no_line_is_wider_than_the_columns(text: str, columns: int) -> None:
    for line in wrap(text, columns, indent="   "):
        assert display_width(line) <= columns


@given(st.text(CHARS.filter(lambda c: c != " "), min_size=1, max_size=120), st.integers(min_value=8, max_value=48))
def test_wrapping_loses_no_character(text: str, columns: int) -> None:
    lines = wrap(text, columns, indent="   ")
    assert "".join(line.removeprefix("   ") if i else line for i, line in enumerate(lines)) == text
