"""好差评: the five levels, what makes a 差评, and the export's level code.

The governing standard is GB/T 39734-2020《政务服务"一次一评""一事一评"工作规范》 (levels §7.3, time rules §7.2,
data 归集 §8.1, 差评 classification and disposal §9)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from .config import Policy
from .errors import Invalid

# Our numbering (DESIGN §3): 5 is best. The export numbers them in GB/T 39734 §7.3's order (1 = best); see `gb_code`.
LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
BAD_LEVELS = frozenset({1, 2})  # 差评
GOOD_LEVELS = frozenset({4, 5})  # 好评 for the 好评率


def is_bad(level: int) -> bool:
    return level in BAD_LEVELS


def gb_code(level: int) -> int:
    """The export's 满意度 code: the level's place in GB/T 39734 §7.3's list, 1 = 非常满意 … 5 = 非常不满意."""
    if level not in LEVELS:
        raise ValueError(f"no rating level {level}")
    return 6 - level


def check_rating(
    level: int, reasons: Sequence[str], comment: str | None, policy: Policy, *, reason_required: bool = True
) -> tuple[str, ...]:
    """Validate a citizen's rating; returns the reasons kept (deduplicated, in the configured order)."""
    if level not in LEVELS:
        raise Invalid("bad_level", "评价等级应为 1（非常不满意）到 5（非常满意）")
    unknown = [r for r in reasons if r not in policy.rating_reasons]
    if unknown:
        raise Invalid("bad_reason", f"不在可选原因中：{'、'.join(unknown)}")
    if comment is not None and len(comment) > 500:
        raise Invalid("comment_too_long", "文字评价不超过 500 字")
    kept = tuple(r for r in policy.rating_reasons if r in reasons)
    if is_bad(level) and not kept and reason_required:
        raise Invalid("reason_required", "请选择不满意的原因（可多选）")
    return kept


def rating_closes_at(finished_at: datetime, policy: Policy) -> datetime:
    return finished_at + timedelta(minutes=policy.rating_window_min)


def case_deadline(opened_at: datetime, policy: Policy) -> datetime:
    return opened_at + timedelta(hours=policy.case_deadline_hours)
