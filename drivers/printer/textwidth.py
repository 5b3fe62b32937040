"""Column arithmetic for receipt text: full-width (CJK) characters take two columns, others one."""

from __future__ import annotations

import unicodedata

from jiaohao.domain.linebreak import wrap_segments


def char_columns(ch: str) -> int:
    """Two columns for wide/full-width characters (W, F), one otherwise; ambiguous counts as narrow."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_columns(ch) for ch in text)


def wrap(text: str, columns: int, indent: str = "") -> list[str]:
    """Wrap *text* to *columns*; continuation lines start with *indent* (for hanging list items).

    Lines break only between words (jiaohao.domain.linebreak): "24 分钟", "4号窗口", "A012" stay whole,
    closing punctuation never starts a line, opening punctuation never ends one, no single Chinese character
    sits alone on the last line, and no line is ever wider than *columns*.
    """
    if columns < 4 + display_width(indent):  # room for a carried character plus its punctuation
        raise ValueError("too few columns to wrap into")
    return wrap_segments(text, columns, display_width, indent)
