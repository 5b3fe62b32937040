"""操作日志: every change of configuration, login, logout, lockout, device token, 差评 response and export is
recorded here, through `record`, one call at each place that does it (inside the same transaction, so an entry
exists exactly when the action happened)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .auth import Principal
from .storage import Connection
from .storage import audit as audit_rows
from .storage.audit import AuditRec

if TYPE_CHECKING:  # the command line records too, without loading the web framework
    from fastapi import Request

__all__ = ["ACTIONS", "AuditRec", "Who", "record", "record_login"]

# What each action is called on the audit page and in its CSV export.
ACTIONS: dict[str, str] = {
    "login": "登录",
    "login_failed": "登录失败",
    "lockout": "账号锁定",
    "logout": "退出登录",
    "token_issued": "发放设备令牌",
    "token_revoked": "吊销设备令牌",
    "config_changed": "修改配置",
    "config_imported": "导入大厅配置文件",
    "case_response": "差评回访",
    "case_closed": "差评整改办结",
    "export": "导出数据",
}

COMMAND_LINE = "命令行"
THIS_MACHINE = "本机"


@dataclass(frozen=True, slots=True)
class Who:
    """Who acts and from which address."""

    actor: str
    address: str

    @classmethod
    def of(cls, principal: Principal | None, request: Request | None, staff_no: str | None = None) -> Who:
        if principal is not None and principal.kind == "staff":
            actor = principal.staff_no or "?"
        elif principal is not None:
            actor = f"device:{principal.device_id}"
        else:
            actor = staff_no or "?"
        address = request.client.host if request is not None and request.client is not None else THIS_MACHINE
        return cls(actor, address)

    @classmethod
    def command_line(cls) -> Who:
        return cls(COMMAND_LINE, THIS_MACHINE)


def record(
    conn: Connection,
    hall_id: str,
    at: datetime,
    who: Who,
    action: str,
    subject: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    audit_rows.append(conn, hall_id, at, who.actor, who.address, action, subject, before, after)


def record_login(conn: Connection, hall_id: str, at: datetime, who: Who, window: int | None) -> None:
    """A login that got in (refused ones and lockouts are recorded by `server.logins.verify`)."""
    record(conn, hall_id, at, who, "login", f"windows.{window}" if window is not None else "")
