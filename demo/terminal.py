"""Plain-terminal output for `jiaohao simulate` and `jiaohao demo`: a progress bar and the summary table."""

from __future__ import annotations

import sys
import unicodedata
from typing import TextIO

from .simulate import Progress, Summary

__all__ = ["ProgressBar", "summary_table"]


def _width(text: str) -> int:
    """Columns a string takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


class ProgressBar:
    """Redraws one line on a terminal; elsewhere (a pipe, CI) prints a line every simulated hour."""

    def __init__(self, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = self.stream.isatty()
        self._last_hour = -1

    def __call__(self, progress: Progress) -> None:
        share = min(1.0, progress.sim_minutes / progress.day_minutes) if progress.day_minutes else 1.0
        filled = int(share * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        line = f"[{bar}] {share:4.0%}  {progress.clock}  已取号 {progress.issued}  已办结 {progress.served}"
        if self.tty:
            self.stream.write("\r" + line)
            self.stream.flush()
        elif int(progress.sim_minutes // 60) != self._last_hour:
            self._last_hour = int(progress.sim_minutes // 60)
            self.stream.write(line + "\n")
            self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def summary_table(summary: Summary) -> str:
    headers = ["业务", "取号", "办结", "评价", "差评", "过号", "转移", "未取到号", "平均等候(分)"]
    rows = []
    for stats in [*summary.services.values(), summary.total]:
        wait = stats.avg_wait_min
        rows.append(
            [
                stats.name,
                str(stats.issued),
                str(stats.served),
                str(stats.rated),
                str(stats.bad),
                str(stats.no_show),
                str(stats.transferred),
                str(stats.turned_away),
                f"{wait:.1f}" if wait is not None else "-",
            ]
        )
    widths = [max(_width(row[i]) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(_pad(cell, widths[i], right=i > 0) for i, cell in enumerate(cells))

    rule = "-" * _width(line(headers))
    body = [line(r) for r in rows]
    minutes = summary.sim_minutes
    footer = (
        f"模拟 {minutes / 60:.1f} 小时，用时 {summary.wall_seconds:.0f} 秒"
        + (f"，{summary.errors} 次调用失败（见日志）" if summary.errors else "")
        + ("，已提前结束" if summary.stopped_early else "")
    )
    return "\n".join([line(headers), rule, *body[:-1], rule, body[-1], footer])
