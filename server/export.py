"""Ratings as records for upward reporting (好差评 data to the provincial platform).

The governing standard for 好差评 is GB/T 39734-2020《政务服务"一次一评""一事一评"工作规范》: its §7.3 sets the
five levels (非常满意, 满意, 基本满意, 不满意, 非常不满意) and §8.1 asks for the data to be gathered (归集) to the
platform. `满意度` numbers the levels in the order §7.3 lists them (1 = 非常满意 … 5 = 非常不满意) and the level's
name travels with it, so a platform with codes of its own can map from the name. (GB/T 39046-2020 is the
platform's basic data specification, data items and formats, not the rules of 好差评.) `事项编码` is the service's
item code from the hall file (`item_code`), blank where the hall has not set one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from jiaohao.domain.config import HallConfig, Policy
from jiaohao.domain.rating import gb_code

from .storage import Connection
from .storage.ratings import rated_between

FIELDS = (
    "办件编号",
    "评价渠道",
    "评价时间",
    "满意度",
    "满意度名称",
    "文字评价",
    "行政区划",
    "事项编码",
    "事项",
    "窗口",
    "工号",
)
# The levels by their GB/T 39734 §7.3 names, numbered in the order it lists them (1 = best).
GB_NAMES = {1: "非常满意", 2: "满意", 3: "基本满意", 4: "不满意", 5: "非常不满意"}
CHANNELS = {"pad": "窗口评价器", "evaluator": "窗口评价器", "default": "默认评价"}


def ratings_records(
    conn: Connection, hall_id: str, config: HallConfig | None, start: date, end: date
) -> Iterator[dict[str, Any]]:
    """Rated services (not the unrated ones) of `hall_id` whose rating fell on a local day in [start, end].
    Without the hall's file (`config`), services and windows go out by code and number, in China's time zone."""
    zone = config.policy.zone if config is not None else Policy().zone
    since = datetime.combine(start, time.min, zone).astimezone(UTC)
    until = datetime.combine(end + timedelta(days=1), time.min, zone).astimezone(UTC)
    for r in rated_between(conn, hall_id, since, until):
        service = config.service(r.service) if config is not None else None
        window = config.window(r.window) if config is not None else None
        code = gb_code(r.level)
        words = "；".join(x for x in ["、".join(r.reasons), r.comment or ""] if x)
        yield {
            "办件编号": f"{hall_id}-{r.day:%Y%m%d}-{r.number}",
            "评价渠道": CHANNELS.get(r.source, r.source),
            "评价时间": r.rated_at.astimezone(zone).strftime("%Y%m%dT%H%M%S"),
            "满意度": code,
            "满意度名称": GB_NAMES[code],
            "文字评价": words,
            "行政区划": config.hall.region_code if config is not None else "",
            "事项编码": service.item_code if service else "",
            "事项": service.name if service else r.service,
            "窗口": window.name if window else f"{r.window}号窗口",
            "工号": r.staff_no or "",
        }


def to_csv(records: Iterator[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def to_jsonl(records: Iterator[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
