"""Horizontal bar charts for the reports page, laid out here and drawn as inline SVG by the template."""

from __future__ import annotations

from dataclasses import dataclass

from ..reports import Report

WIDTH = 560  # about the width the chart is shown at, so that the 14 px labels stay 14 px on screen
LABEL_W = 120
BAR_AREA = WIDTH - LABEL_W - 70  # room on the right for the value
BAR_H = 18
GAP = 10


@dataclass(frozen=True, slots=True)
class Bar:
    y: int
    width: float
    text: str
    css: str  # which series: a / b
    height: int = BAR_H - 3


@dataclass(frozen=True, slots=True)
class ChartRow:
    label: str
    y: int
    bars: list[Bar]


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    legend: list[tuple[str, str]]  # (css, name)
    rows: list[ChartRow]
    height: int
    width: int = WIDTH
    label_w: int = LABEL_W
    bar_h: int = BAR_H


def _chart(title: str, legend: list[tuple[str, str]], rows: list[tuple[str, list[float | None]]], unit: str) -> Chart:
    top = max((v for _, values in rows for v in values if v is not None), default=0) or 1
    series = len(legend)
    out: list[ChartRow] = []
    y = 0
    for label, values in rows:
        bars = []
        for index, value in enumerate(values):
            text = "—" if value is None else (f"{value:.1f}%" if unit == "%" else f"{value:g}")
            width = 0.0 if value is None else max(1.0, value / top * BAR_AREA)
            bars.append(Bar(y + index * BAR_H, width, text, legend[index][0]))
        # The label sits in the middle of its group of bars.
        out.append(ChartRow(label, y + series * BAR_H // 2 + 5, bars))
        y += series * BAR_H + GAP
    return Chart(title, legend, out, max(y, BAR_H))


def report_charts(report: Report) -> list[Chart]:
    rows = report.rows[:40]  # a chart of more bars than this is unreadable; the table has them all
    return [
        _chart(
            "取号与办结（件）",
            [("a", "取号"), ("b", "办结")],
            [(r.label, [r.issued, r.served]) for r in rows],
            "",
        ),
        _chart(
            "等候时间（分钟）",
            [("a", "平均等候"), ("b", "90%等候不超过")],
            [(r.label, [_one_decimal(r.avg_wait_min), r.p90_wait_min]) for r in rows],
            "",
        ),
        _chart(
            "好评率（%）",
            [("a", "好评率")],
            [(r.label, [r.good_rate * 100 if r.good_rate is not None else None]) for r in rows],
            "%",
        ),
    ]


def _one_decimal(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
