"""Where a line may break: never inside a number with its unit, a ticket number or a word of the hall."""

from __future__ import annotations

from jiaohao.domain.linebreak import NBSP, WORD_JOINER, keep_together, segments, wrap_segments


def test_numbers_with_units_ticket_numbers_and_hall_words_are_whole() -> None:
    assert segments("约 24 分钟") == ["约", " ", "24 分钟"]
    assert segments("请到4号窗口办理") == ["请到", "4号窗口", "办理"]
    assert segments("请A012到4号综合窗口") == ["请", "A012", "到", "4号", "综合窗口"]
    assert segments(f"about{NBSP}20–30{NBSP}min") == [f"about{NBSP}20–30{NBSP}min"]
    assert segments("等候 4 人 · 约 5 分钟") == ["等候", " ", "4 人 ·", " ", "约", " ", "5 分钟"]


def test_punctuation_stays_with_its_words() -> None:
    assert segments("材料（原件）。") == ["材料", "（原件）。"]


def test_qt_gets_joiners_inside_each_segment_and_no_breaking_space() -> None:
    assert keep_together("24 分钟") == WORD_JOINER.join(f"24{NBSP}分钟")


def test_no_lone_character_on_the_last_line() -> None:
    lines = wrap_segments("高新技术企业认定咨询", 18, len_cjk)
    assert lines == ["高新技术企业认定", "咨询"]


def len_cjk(text: str) -> int:
    return sum(2 if "\u3400" <= ch <= "\u9fff" else 1 for ch in text)
