"""What the configuration pages show in their forms and how a submitted form becomes hall-file fields.

Numbers go through as the text typed: the hall file's validation parses them and names what is wrong, in the
same words as for the file. An empty optional number (no daily cap) means "none"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jiaohao.domain.config import HallConfig

ROLE_NAMES = {"staff": "窗口工作人员", "supervisor": "值班主任", "admin": "管理员"}
WEEKDAY_NAMES = ("一", "二", "三", "四", "五", "六", "日")
_SEPARATORS = re.compile(r"[,，、\s]+")


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: str  # text | number | textarea | checkbox | select | weekdays | password
    value: Any = ""
    hint: str = ""
    options: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def _words(text: str) -> list[str]:
    return [word for word in _SEPARATORS.split(text.strip()) if word]


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# --- services ---------------------------------------------------------------------------------------------


def service_fields(entry: dict[str, Any]) -> list[FormField]:
    return [
        FormField("name", "业务名称", "text", entry.get("name", "")),
        FormField("prefix", "号码字母", "text", entry.get("prefix", ""), "一到两个大写字母，如 A；各业务不能相同"),
        FormField("number_width", "号码位数", "number", entry.get("number_width", 3)),
        FormField(
            "hours", "取号时间", "text", "，".join(entry.get("hours", ["08:30-17:00"])), "如 08:30-12:00，13:30-17:00"
        ),
        FormField("weekdays", "办理日", "weekdays", entry.get("weekdays", [1, 2, 3, 4, 5])),
        FormField("daily_cap", "每日限号", "number", entry.get("daily_cap", ""), "留空为不限"),
        FormField("avg_handle_min", "平均办理分钟", "number", entry.get("avg_handle_min", 10), "估算等候时间用"),
        FormField("checklist", "一次性告知材料", "textarea", "\n".join(entry.get("checklist", [])), "每行一项"),
        FormField(
            "one_open_ticket_per_person",
            "每人限取一号（需填手机号）",
            "checkbox",
            entry.get("one_open_ticket_per_person", False),
        ),
        FormField("green_channel", "开通绿色通道", "checkbox", entry.get("green_channel", True)),
        FormField("suspended", "暂停取号（立即生效）", "checkbox", entry.get("suspended", False)),
    ]


def service_from_form(form: dict[str, str], weekdays: list[str]) -> dict[str, Any]:
    cap = form.get("daily_cap", "").strip()
    return {
        "name": form.get("name", "").strip(),
        "prefix": form.get("prefix", "").strip(),
        "number_width": form.get("number_width", "").strip(),
        "hours": _words(form.get("hours", "")),
        "weekdays": weekdays,
        "daily_cap": cap or None,
        "avg_handle_min": form.get("avg_handle_min", "").strip(),
        "checklist": lines(form.get("checklist", "")),
        "one_open_ticket_per_person": "one_open_ticket_per_person" in form,
        "green_channel": "green_channel" in form,
        "suspended": "suspended" in form,
    }


# --- windows ------------------------------------------------------------------------------------------------


def window_fields(entry: dict[str, Any], config: HallConfig) -> list[FormField]:
    offered = "，".join(f"{s.code}（{s.name}）" for s in config.services)
    return [
        FormField("name", "窗口名称", "text", entry.get("name", "")),
        FormField(
            "kind", "类型", "select", entry.get("kind", "综合"), options=(("综合", "综合窗口"), ("专窗", "专窗"))
        ),
        FormField(
            "services", "办理业务（按优先顺序）", "text", "，".join(entry.get("services", [])), f"填业务代码：{offered}"
        ),
    ]


def window_from_form(form: dict[str, str]) -> dict[str, Any]:
    return {
        "name": form.get("name", "").strip(),
        "kind": form.get("kind", "综合"),
        "services": _words(form.get("services", "")),
    }


# --- staff ----------------------------------------------------------------------------------------------------


def staff_fields(entry: dict[str, Any], new: bool) -> list[FormField]:
    return [
        FormField("name", "姓名", "text", entry.get("name", "")),
        FormField("role", "角色", "select", entry.get("role", "staff"), options=tuple(ROLE_NAMES.items())),
        FormField("title", "职务（窗口屏显示）", "text", entry.get("title", "")),
        FormField("photo", "照片文件", "text", entry.get("photo") or "", "相对大厅配置文件所在目录，如 staff/1001.png"),
        FormField("active", "在岗（取消即停用账号）", "checkbox", entry.get("active", True)),
        FormField("pin", "初始密码" if new else "重置密码", "password", "", "4 到 64 位" if new else "留空则不修改"),
    ]


def staff_from_form(form: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": form.get("name", "").strip(),
        "role": form.get("role", "staff"),
        "title": form.get("title", "").strip(),
        "photo": form.get("photo", "").strip() or None,
        "active": "active" in form,
    }
    if form.get("pin"):
        fields["pin"] = form["pin"]
    return fields
