"""Live configuration: the hall's services, windows, lists and staff, changed while the hall runs.

The database holds the configuration once the hall file has been imported (`load_or_import`): a restart with
the same file keeps what supervisors changed since; a changed file (or `jiaohao admin config import FILE`)
replaces it, on purpose. Every change runs in the writer, is validated with the hall file's own rules (the same
place-and-reason messages), is stored, audited (before/after) and told to every front-end as one
`config.changed` event, and the running hall switches to it before the next command.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import Invalid, NotFound
from jiaohao.wire.events import ConfigChanged

from . import audit, auth, presenting
from .audit import Who
from .hall_document import document_of, staff_entry
from .hallfile import HallFileError, validate_hall
from .storage import Connection
from .storage import config as config_rows
from .storage import hall as hall_rows
from .storage import staff as staff_rows
from .storage.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

STORED = "数据库中的大厅配置"
SERVER_START = "服务器启动"
LISTS = ("reminders", "pause_reasons")


def load_or_import(conn: Connection, file_config: HallConfig, now: datetime) -> HallConfig:
    """The hall's configuration: the database's, unless the hall file is new to it (first start) or was changed
    since it was last imported (an installer edited it on purpose): then the file's, imported now."""
    stored = config_rows.stored(conn, file_config.hall.id)
    if stored is not None and stored.imported == document_of(file_config):
        return _validated(stored.document, file_config, STORED)
    if stored is not None and stored.document != stored.imported:
        log.warning("the hall file was changed: it replaces the configuration edited in /admin since its last import")
    import_file(conn, file_config, now, Who(SERVER_START, audit.THIS_MACHINE))
    return file_config


def stored_config(conn: Connection, hall_id: str) -> HallConfig | None:
    """The hall's live configuration as the database holds it (services, windows, names, region), without its
    staff: what a command-line tool run without the hall file reports with. None before the first start."""
    stored = config_rows.stored(conn, hall_id)
    if stored is None:
        return None
    try:
        return validate_hall({**stored.document, "staff": []}, source=STORED)
    except HallFileError:
        log.warning("the stored configuration of hall %s does not validate any more", hall_id)
        return None


def changed_since(
    conn: Connection, current: HallConfig, version: int, *, force: bool = False
) -> tuple[HallConfig, int] | None:
    """The stored configuration and its version when it is not `version` any more (another server process
    changed it) or when `force` says memory may be ahead of it, else None: one small read per reload."""
    hall_id = current.hall.id
    if not force and config_rows.version(conn, hall_id) in (None, version):
        return None
    stored = config_rows.stored(conn, hall_id)
    assert stored is not None
    return _validated(stored.document, current, STORED), stored.version


def import_file(conn: Connection, file_config: HallConfig, now: datetime, who: Who) -> None:
    """Make the file's configuration the hall's (at a start with a new or changed file, or `admin config import`)."""
    hall_id = file_config.hall.id
    stored = config_rows.stored(conn, hall_id)
    after = document_of(file_config)
    config_rows.save(conn, hall_id, after, now, imported=after)
    hall_rows.ensure_hall(conn, hall_id, file_config.hall.name, [w.number for w in file_config.windows])
    audit.record(conn, hall_id, now, who, "config_imported", "hall", stored.document if stored else None, after)


def _validated(document: dict[str, Any], base: HallConfig, source: str) -> HallConfig:
    config = validate_hall({**document, "staff": [staff_entry(s) for s in base.staff]}, source=source)
    # Demo PINs of the file stay on the staff it named (they seed the staff table only when a member is new).
    return config.model_copy(update={"staff": base.staff})


def _refused(err: HallFileError) -> Invalid:
    return Invalid("bad_config", "配置有误：" + "；".join(err.problems))


@dataclass(frozen=True, slots=True)
class Change:
    subject: str  # "services.YBBX", "windows.3", "staff.1001", "hall.pause_reasons"
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class ConfigEditor:
    """The use cases of /admin's configuration pages and `PUT /api/v1/config/…`, run inside the writer.

    `current` gives the running configuration; `switch` makes the running hall use a new one."""

    def __init__(self, current: Callable[[], HallConfig], switch: Callable[[HallConfig], None]) -> None:
        self.current = current
        self.switch = switch

    # --- reads -------------------------------------------------------------------------------------------

    def service(self, code: str) -> dict[str, Any]:
        entry = next((s for s in document_of(self.current())["services"] if s["code"] == code), None)
        if entry is None:
            raise NotFound("unknown_service", f"没有业务 {code}")
        return dict(entry)

    def window(self, number: int) -> dict[str, Any]:
        entry = next((w for w in document_of(self.current())["windows"] if w["number"] == number), None)
        if entry is None:
            raise NotFound("unknown_window", f"没有 {number} 号窗口")
        return dict(entry)

    def lists(self) -> dict[str, Any]:
        hall = document_of(self.current())["hall"]
        return {name: list(hall[name]) for name in LISTS}

    # --- changes (each one a writer command) -------------------------------------------------------------

    def set_service(
        self, uow: UnitOfWork, now: datetime, who: Who, code: str, fields: dict[str, Any]
    ) -> dict[str, Any]:
        """Change a service (the fields given replace theirs) or add one under a new code."""
        document = document_of(self.current())
        services: list[dict[str, Any]] = document["services"]
        index = next((i for i, s in enumerate(services) if s["code"] == code), None)
        before = copy.deepcopy(services[index]) if index is not None else None
        after = {**(before or {}), **fields, "code": code}
        if index is None:
            services.append(after)
        else:
            services[index] = after
        self._apply(uow, now, who, document, Change(f"services.{code}", before, after))
        return self.service(code)

    def set_window(
        self, uow: UnitOfWork, now: datetime, who: Who, number: int, fields: dict[str, Any]
    ) -> dict[str, Any]:
        """Change a window (its name, 综合/专窗, its services in priority order) or add one."""
        document = document_of(self.current())
        windows: list[dict[str, Any]] = document["windows"]
        index = next((i for i, w in enumerate(windows) if w["number"] == number), None)
        before = copy.deepcopy(windows[index]) if index is not None else None
        after = {**(before or {}), **fields, "number": number}
        if index is None:
            windows.append(after)
            windows.sort(key=lambda w: w["number"] if isinstance(w["number"], int) else 0)
        else:
            windows[index] = after
        self._apply(uow, now, who, document, Change(f"windows.{number}", before, after))
        return self.window(number)

    def set_list(self, uow: UnitOfWork, now: datetime, who: Who, name: str, items: list[str]) -> dict[str, Any]:
        """Replace the pause reasons or the reminder lines."""
        if name not in LISTS:
            raise NotFound("unknown_list", f"没有配置项 {name}")
        document = document_of(self.current())
        before = {name: list(document["hall"][name])}
        document["hall"][name] = [item.strip() for item in items if item.strip()]
        self._apply(uow, now, who, document, Change(f"hall.{name}", before, {name: document["hall"][name]}))
        return self.lists()

    def _apply(self, uow: UnitOfWork, now: datetime, who: Who, document: dict[str, Any], change: Change) -> None:
        try:
            config = _validated(document, self.current(), change.subject)
        except HallFileError as err:
            raise _refused(err) from err
        hall_id = config.hall.id
        stored = document_of(config)
        config_rows.save(uow.conn, hall_id, stored, now)
        hall_rows.ensure_hall(uow.conn, hall_id, config.hall.name, [w.number for w in config.windows])
        # The log keeps the entry as validated (numbers as numbers), not as typed into a form.
        after = _entry(stored, change.subject) or change.after
        audit.record(uow.conn, hall_id, now, who, "config_changed", change.subject, change.before, after)
        self._announce(uow, now, config, change.subject)
        self.switch(config)

    @staticmethod
    def _announce(uow: UnitOfWork, now: datetime, config: HallConfig, subject: str) -> None:
        hall_id = config.hall.id
        view = presenting.hall_view(uow.conn, config, now, uow.current_seq, hall_rows.notice(uow.conn, hall_id))
        uow.emit(now, ConfigChanged(changed=[subject], hall=view))

    # --- staff (the staff table is their record; the hall file only seeds it) --------------------------------

    def staff(self, conn: Connection, no: str) -> dict[str, Any]:
        member = staff_rows.member(conn, no)
        if member is None:
            raise NotFound("unknown_staff", f"没有工号 {no}")
        return _staff_view(member)

    def set_staff(self, uow: UnitOfWork, now: datetime, who: Who, no: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Add a member (a PIN is then required), change name/role/title/photo, disable, or reset the PIN."""
        conn = uow.conn
        member = staff_rows.member(conn, no)
        before = _staff_view(member) if member is not None else None
        pin = fields.pop("pin", None)
        active = fields.pop("active", True if before is None else before["active"])
        if not isinstance(active, bool):
            raise Invalid("bad_config", "配置有误：staff.active 应为 true 或 false")
        after = {**{k: v for k, v in (before or {}).items() if k != "active"}, **fields, "no": no}
        document = document_of(self.current())
        try:
            checked = validate_hall({**document, "staff": [after]}, source=f"staff.{no}").staff[0]
        except HallFileError as err:
            raise _refused(err) from err
        if pin is not None and not isinstance(pin, str):
            raise Invalid("bad_pin", "密码应为 4 到 64 位的文字")
        if member is None:
            if not pin:
                raise Invalid("pin_required", f"新增工作人员 {no} 需要设置初始密码")
            auth.add_staff(conn, no, checked.name, pin, checked.role, checked.title, checked.photo)
        else:
            staff_rows.update_member(
                conn, no, name=checked.name, role=checked.role, title=checked.title, photo=checked.photo, active=active
            )
            if pin:
                auth.set_pin(conn, no, pin)
        result = self.staff(conn, no)
        logged = {**result, "pin": "（已重置）"} if pin and member is not None else result
        audit.record(conn, self.current().hall.id, now, who, "config_changed", f"staff.{no}", before, logged)
        self.switch(self.current())  # the live hall reloads its staff (names on the window screens)
        return result


def _entry(document: dict[str, Any], subject: str) -> dict[str, Any] | None:
    """The services.CODE or windows.N entry of a document."""
    table, _, key = subject.partition(".")
    identity = {"services": "code", "windows": "number"}.get(table)
    if identity is None:
        return None
    return next((dict(e) for e in document[table] if str(e[identity]) == key), None)


def _staff_view(member: staff_rows.StaffMember) -> dict[str, Any]:
    return {
        "no": member.no,
        "name": member.name,
        "role": member.role,
        "title": member.title,
        "photo": member.photo,
        "active": member.active,
    }
