"""The exact clip sequence of a call: what the hall hears, clip by clip."""

from __future__ import annotations

import pytest

from drivers.voice import PAUSE, ComposeError, announcement, compose


def test_a001_to_window_3() -> None:
    assert compose("A001", 3) == ["chime", "请", "A", "0", "0", "1", "号", "到", "3", "号", "窗口", "办理"]


def test_b120_digits_one_by_one_not_as_a_number() -> None:
    assert compose("B120", "5") == ["chime", "请", "B", "1", "2", "0", "号", "到", "5", "号", "窗口", "办理"]


def test_023_keeps_its_leading_zero() -> None:
    assert compose("023", 1) == ["chime", "请", "0", "2", "3", "号", "到", "1", "号", "窗口", "办理"]


def test_recall_is_marked_after_the_chime() -> None:
    assert compose("A001", 3, recall=True) == [
        "chime", "重呼", PAUSE, "请", "A", "0", "0", "1", "号", "到", "3", "号", "窗口", "办理"]


def test_sentence_for_the_screen() -> None:
    assert announcement("a001", 3).text == "请A001号到3号窗口办理"
    assert announcement("A001", 3, recall=True).text == "重呼：请A001号到3号窗口办理"


@pytest.mark.parametrize(("window", "spoken"), [
    (1, ["1"]), (10, ["十"]), (12, ["十", "2"]), (20, ["2", "十"]), (25, ["2", "十", "5"]), (99, ["9", "十", "9"]),
    (100, ["1", "0", "0"]), ("03", ["0", "3"]), ("a3", ["A", "3"]),
])
def test_window_numbers_are_read_as_halls_say_them(window: str | int, spoken: list[str]) -> None:
    assert compose("A001", window)[8:-3] == spoken


def test_english() -> None:
    assert compose("A001", 3, lang="en") == [
        "chime", "en/number", "en/A", "en/0", "en/0", "en/1", PAUSE, "en/please", "en/go", "en/to", "en/window",
        "en/3"]
    assert compose("B120", 12, lang="en_US", recall=True)[:3] == ["chime", "en/recall", PAUSE]
    assert compose("B120", 12, lang="en")[-1] == "en/12"
    assert compose("B120", 42, lang="en")[-2:] == ["en/40", "en/2"]
    assert announcement("A001", 3, lang="en", recall=True).text == (
        "Calling again: Number A001, please go to window 3")


def test_custom_template_uses_the_packs_longest_words() -> None:
    words = {"请", "号", "到", "窗口", "办理", "号窗口"}
    assert compose("A1", 2, "请{number}号，到{window}号窗口。", words=words) == [
        "chime", "请", "A", "1", "号", PAUSE, "到", "2", "号窗口"]


@pytest.mark.parametrize(("number", "window", "template", "lang"), [
    ("A-01", 3, None, "zh_CN"),
    ("", 3, None, "zh_CN"),
    ("A001", "3#", None, "zh_CN"),
    ("A001", 3, "请{number}号顾客到{window}号窗口", "zh_CN"),
    ("A001", 3, "请{number}号到{room}号窗口", "zh_CN"),
    ("A001", 3, "请{number号", "zh_CN"),
    ("A001", 3, "Ticket {number}", "en"),
    ("A001", 3, None, "fr"),
])
def test_what_cannot_be_spoken_is_refused_in_both_languages(number: str, window: str | int, template: str | None,
                                                             lang: str) -> None:
    with pytest.raises(ComposeError) as caught:
        compose(number, window, template, lang=lang)
    assert caught.value.message_zh and caught.value.message_en
