"""Ratings as GB/T 39046-style records for upward reporting (好差评 data to the provincial platform)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from jiaohao.domain.config import HallConfig
from jiaohao.domain.rating import gb_code

from .storage import Connection
from .storage.ratings import rated_between

FIELDS = ("办件编号", "评价渠道", "评价时间", "满意度", "满意度名称", "文字评价", "行政区划", "事项", "窗口", "工号")
# GB/T 39046 满意度 names in its own numbering (1 = best).
GB_NAMES = {1: "非常满意", 2: "满意", 3: "基本满意", 4: "不满意", 5: "非常不满意"}
CHANNELS = {"pad": "窗口评价器", "evaluator": "窗口评价器", "default": "默认评价"}


def ratings_records(conn: Connection, config: HallConfig, start: date, end: date) -> Iterator[dict[str, Any]]:
    """Rated services (not the unrated ones) whose rating fell on a local day in [start, end]."""
    zone = config.policy.zone
    since = datetime.combine(start, time.min, zone).astimezone(UTC)
    until = datetime.combine(end + timedelta(days=1), time.min, zone).astimezone(UTC)
    for r in rated_between(conn, config.hall.id, since, until):
        service = config.service(r.service)
        window = config.window(r.window)
        code = gb_code(r.level)
        words = "；".join(x for x in ["、".join(r.reasons), r.comment or ""] if x)
        yield {
            "办件编号": f"{config.hall.id}-{r.day:%Y%m%d}-{r.number}",
            "评价渠道": CHANNELS.get(r.source, r.source),
            "评价时间": r.rated_at.astimezone(zone).strftime("%Y%m%dT%H%M%S"),
            "满意度": code,
            "满意度名称": GB_NAMES[code],
            "文字评价": words,
            "行政区划": config.hall.region_code,
            "事项": service.name if service else r.service,
            "窗口": window.name if window else str(r.window),
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
