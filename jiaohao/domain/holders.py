"""Who holds a ticket, for "one ticket per person": a phone or ID number, however it was typed, as one key."""

from __future__ import annotations

import unicodedata


def normalise_holder(text: str) -> str:
    """Digits only (full-width digits to ASCII, spaces, dashes and brackets dropped), the +86/0086 country code
    of a mainland mobile dropped, an ID number's check letter X upper-case. A swiped ID card and a typed one,
    '138 0013 8000' and '+86-13800138000' and '１３８００１３８０００', are one person."""
    folded = unicodedata.normalize("NFKC", text).strip().upper()
    kept = "".join(ch for ch in folded if ch.isascii() and (ch.isdigit() or ch == "X"))
    if kept.endswith("X"):
        kept = kept[:-1].replace("X", "") + "X"  # only an ID number's last character may be X
    else:
        kept = kept.replace("X", "")
    if not kept:
        return folded  # nothing number-like: keep what was given rather than make everyone one person
    if kept.startswith("0086") and len(kept) == 15:
        kept = kept[4:]
    elif kept.startswith("86") and len(kept) == 13 and kept[2] == "1":
        kept = kept[2:]
    return kept
