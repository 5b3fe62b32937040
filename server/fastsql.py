"""Plain DBAPI statements for the hot path (issuing and calling), on SQLite and PostgreSQL.

SQLAlchemy builds and compiles a statement in tens of microseconds; a hall issuing 1,500 tickets a second
cannot pay that fifteen times per ticket. The schema is still SQLAlchemy's (models.py, Alembic); these
statements write values in exactly the form its types would (UtcDateTime as naive UTC text on SQLite, JSON
as text), which tests check by reading every row back through the models.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .unit_of_work import UnitOfWork


class FastSql:
    def __init__(self, uow: UnitOfWork, *, marks: bool = True) -> None:
        self.uow = uow
        self.marks = marks
        self.sqlite = uow.conn.dialect.name == "sqlite"
        self.cursor: Any = uow.cursor()

    def _sql(self, statement: str) -> str:
        return statement if self.sqlite else statement.replace("?", "%s")

    def execute(self, statement: str, params: tuple[Any, ...] = ()) -> Any:
        if self.marks:
            self.uow.touched = True  # memory is about to follow; if this command fails, rebuild the state
        self.cursor.execute(self._sql(statement), params)
        return self.cursor

    def dt(self, value: datetime | None) -> Any:
        if value is None:
            return None
        value = value.astimezone(UTC)
        if self.sqlite:
            return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
        return value

    def day(self, value: date) -> Any:
        return value.isoformat() if self.sqlite else value

    def flag(self, value: bool) -> Any:
        return int(value) if self.sqlite else value

    def json(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    @property
    def json_param(self) -> str:
        return "?" if self.sqlite else "?::json"
