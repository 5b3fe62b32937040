"""How a service ended at the window (办结 outcomes), and what each outcome needs.

The national reforms judge a window by these: 一次办结 (done in one visit), 容缺受理 (accepted while a non-core
item is supplied later, by a due date), 一次性告知 (not accepted; every missing item told at once, in writing)
and 咨询 (a question answered, no application). Plain rules, no I/O.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .errors import Invalid


class Outcome(StrEnum):
    COMPLETED = "completed"  # 一次办结
    ACCEPTED_PENDING = "accepted_pending"  # 容缺受理
    RETURNED = "returned"  # 不予受理，一次性告知
    CONSULTED = "consulted"  # 咨询


OUTCOME_NAMES = {
    Outcome.COMPLETED: "一次办结",
    Outcome.ACCEPTED_PENDING: "容缺受理",
    Outcome.RETURNED: "一次性告知",
    Outcome.CONSULTED: "咨询",
}

# Outcomes that count in 一次办结率 (consultations are counted apart).
APPLICATIONS = (Outcome.COMPLETED, Outcome.ACCEPTED_PENDING, Outcome.RETURNED)
# Outcomes whose citizen is told the missing items in writing (一次性告知书).
NEEDS_NOTICE = (Outcome.ACCEPTED_PENDING, Outcome.RETURNED)

MAX_ITEMS = 30
MAX_ITEM_LEN = 100
MAX_NOTE_LEN = 500


@dataclass(frozen=True, slots=True)
class Finish:
    """A checked 办结: the outcome, the missing items (trimmed, each once, in the order given), the due date."""

    outcome: Outcome
    missing: tuple[str, ...] = ()
    due: date | None = None
    note: str | None = None


def check_finish(
    outcome: str | None, missing: list[str] | None, due: date | None, note: str | None, today: date
) -> Finish:
    """Refuse an outcome that cannot be acted on, in words the clerk understands; no body means 一次办结."""
    try:
        kind = Outcome(outcome or Outcome.COMPLETED)
    except ValueError as err:
        names = "、".join(f"{o.value}（{OUTCOME_NAMES[o]}）" for o in Outcome)
        raise Invalid("bad_outcome", f"办结结果只能是：{names}") from err
    items: list[str] = []
    for item in missing or []:
        text = item.strip()
        if len(text) > MAX_ITEM_LEN:
            raise Invalid("bad_missing", f"缺件名称太长（不超过 {MAX_ITEM_LEN} 字）：{text[:20]}…")
        if text and text not in items:
            items.append(text)
    if len(items) > MAX_ITEMS:
        raise Invalid("bad_missing", f"缺件最多 {MAX_ITEMS} 项")
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_LEN:
        raise Invalid("bad_note", f"备注不超过 {MAX_NOTE_LEN} 字")
    if kind in NEEDS_NOTICE and not items:
        raise Invalid("missing_required", f"{OUTCOME_NAMES[kind]}须至少列出一项缺少的材料")
    if kind is Outcome.ACCEPTED_PENDING:
        if due is None:
            raise Invalid("due_required", "容缺受理须写明补齐材料的期限")
        if due < today:
            raise Invalid("bad_due", f"补齐期限 {due.isoformat()} 已经过去，请重新选择")
    elif kind is not Outcome.RETURNED and items:
        raise Invalid("missing_not_allowed", f"{OUTCOME_NAMES[kind]}不应列出缺件；缺件请选容缺受理或一次性告知")
    if kind is not Outcome.ACCEPTED_PENDING and due is not None:
        raise Invalid("due_not_allowed", "只有容缺受理需要补齐期限")
    return Finish(kind, tuple(items), due, note)


def add_working_days(
    start: date, days: int, holidays: Collection[date] = (), workdays: Collection[date] = ()
) -> date:
    """`days` working days after `start`: the default due date of a 容缺 follow-up. Monday to Friday, less the
    hall's 法定节假日 (`holidays`), plus its 调休 make-up working days (`workdays`) — the [calendar] of the hall
    file. The clerk can still change the date."""
    current = start
    left = days
    while left > 0:
        current += timedelta(days=1)
        if current in workdays or (current.isoweekday() <= 5 and current not in holidays):
            left -= 1
    return current
