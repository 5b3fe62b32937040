"""The Jinja2 environment of the web pages: autoescaped, with the filters the templates share."""

from __future__ import annotations

from pathlib import Path

from starlette.templating import Jinja2Templates

TEMPLATES = Path(__file__).parent / "templates"

templates = Jinja2Templates(directory=TEMPLATES)

TICKET_STATES = {
    "waiting": "排队等候中",
    "transferred": "已转办，排队等候中",
    "called": "正在叫号",
    "serving": "正在办理",
    "done": "已办结",
    "no_show": "已过号",
    "held": "已挂起",
    "cancelled": "已取消",
}
WINDOW_STATES = {"open": "服务中", "paused": "暂停", "closed": "未登录"}
DEVICE_KINDS = {"kiosk": "取号机", "display": "显示屏", "pad": "评价器", "caller": "叫号器"}
CASE_STATES = {"open": "待回访", "responded": "已回访，待整改", "closed": "已办结"}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _minutes(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _shown(value: object) -> str:
    """A configuration value as a supervisor reads it (the audit page): lists joined, yes/no, nothing as —."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or value == []:
        return "—"
    if isinstance(value, list | tuple):
        return "、".join(_shown(v) for v in value)
    return str(value)


templates.env.filters["percent"] = _percent
templates.env.filters["shown"] = _shown
templates.env.filters["minutes"] = _minutes
templates.env.globals.update(
    TICKET_STATES=TICKET_STATES, WINDOW_STATES=WINDOW_STATES, CASE_STATES=CASE_STATES, DEVICE_KINDS=DEVICE_KINDS
)
