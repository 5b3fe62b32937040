"""Column arithmetic for receipt text: full-width (CJK) characters take two columns, others one."""

from __future__ import annotations

import unicodedata

# Characters a line should not start with (Chinese line-breaking rule 避头点), so "。" stays on its line.
_NO_LINE_START = set("，。、；：？！）》」』】”’,.;:?!)")
# ... and these should not end one (避尾点), so "（" moves down to the words it opens.
_NO_LINE_END = set("（《「『【“‘(")


def char_columns(ch: str) -> int:
    """Two columns for wide/full-width characters (W, F), one otherwise; ambiguous counts as narrow."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_columns(ch) for ch in text)


def wrap(text: str, columns: int, indent: str = "") -> list[str]:
    """Wrap *text* to *columns*; continuation lines start with *indent* (for hanging list items).

    Chinese has no spaces, so we may break between any two characters; closing punctuation never starts
    a line (the character before it moves down with it), opening punctuation never ends one, and no
    line is ever wider than *columns*.
    """
    if columns < 4 + display_width(indent):  # room for a carried character plus its punctuation
        raise ValueError("too few columns to wrap into")
    lines: list[str] = []
    line = ""
    width = 0
    for ch in text:
        w = char_columns(ch)
        if width + w > columns and line.strip():
            if ch in _NO_LINE_START and len(line) > 1:
                # Carry the last character down with the punctuation rather than start a line with it.
                carried = line[-1]
                lines.append(line[:-1])
                line = indent + carried
            else:
                moved = ""
                while len(line) > len(indent) + 1 and line[-1] in _NO_LINE_END:
                    moved, line = line[-1] + moved, line[:-1]
                lines.append(line.rstrip())
                line = indent + moved
                if ch == " ":
                    ch, w = "", 0
            width = display_width(line)
        line += ch
        width += w
    if line.strip():
        lines.append(line.rstrip())
    return lines
