"""`jiaohao admin config export`: the configuration in use, written back as a hall file."""

from __future__ import annotations

from datetime import datetime

from jiaohao.domain.errors import NotFound

from .hall_document import to_toml
from .storage import Connection
from .storage import config as config_rows
from .storage import staff as staff_rows


def export_hall_file(conn: Connection, hall_id: str, now: datetime) -> str:
    """The stored configuration of the hall and its active staff (no PINs: set them with `admin staff set-pin`)."""
    stored = config_rows.stored(conn, hall_id)
    if stored is None:
        raise NotFound(
            "no_config",
            f"数据库中还没有大厅 {hall_id} 的配置：先启动一次服务器，或用 jiaohao admin config import 导入大厅配置文件",
        )
    staff = [
        {"no": m.no, "name": m.name, "role": m.role, "title": m.title, **({"photo": m.photo} if m.photo else {})}
        for m in staff_rows.all_members(conn)
        if m.active
    ]
    document = {**stored.document, "staff": staff}
    header = (
        f"大厅配置 {hall_id}，导出于 {now:%Y-%m-%d %H:%M} UTC（配置第 {stored.version} 版）。\n"
        "工作人员的密码不导出：用 jiaohao admin staff set-pin 设置。"
    )
    return to_toml(document, header)
