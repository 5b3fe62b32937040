"""The hall configuration as hall-file tables: what the database stores, what /admin edits and what
`jiaohao admin config export` writes. `document_of` and `validate_hall` are inverse: a document validated
again gives the same `HallConfig`, so an exported file loads back to the configuration it was taken from."""

from __future__ import annotations

import json
import re
from datetime import time
from typing import Any

from jiaohao.domain.config import HallConfig, StaffConfig, TimeRange

__all__ = ["document_of", "hours_text", "staff_entry", "to_toml"]


def hours_text(hours: TimeRange) -> str:
    end = "24:00" if hours.end == time.max else f"{hours.end:%H:%M}"
    return f"{hours.start:%H:%M}-{end}"


def document_of(config: HallConfig) -> dict[str, Any]:
    """The hall, its policy, calendar, reminders, backup, services and windows as hall-file tables (staff live in
    the staff table)."""
    services = []
    for service in config.services:
        entry = _without_none(service.model_dump(mode="json", exclude={"hours"}))
        entry["hours"] = [hours_text(h) for h in service.hours]
        services.append(entry)
    return {
        "hall": _without_none(config.hall.model_dump(mode="json")),
        "policy": _without_none(config.policy.model_dump(mode="json")),
        # Not edited in /admin, but part of the hall: kept, so the stored configuration and an export hold them.
        "calendar": _without_none(config.calendar.model_dump(mode="json")),
        "reminders": _without_none(config.reminders.model_dump(mode="json")),
        "backup": _without_none(config.backup.model_dump(mode="json")),
        "services": services,
        "windows": [_without_none(w.model_dump(mode="json")) for w in config.windows],
    }


def staff_entry(member: StaffConfig) -> dict[str, Any]:
    return _without_none(member.model_dump(mode="json", exclude={"pin"}))


def _without_none(entry: dict[str, Any]) -> dict[str, Any]:
    # TOML has no null: a setting that is off is simply not written (its default is None).
    return {key: value for key, value in entry.items() if value is not None}


# --- writing TOML (the hall file has strings, numbers, booleans, lists of them, tables and arrays of tables) ---

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def to_toml(document: dict[str, Any], header: str = "") -> str:
    lines = [f"# {line}" for line in header.splitlines()]
    for table, value in document.items():
        if isinstance(value, dict):
            lines += ["", f"[{_key(table)}]", *_pairs(value)]
        elif isinstance(value, list):
            for entry in value:
                lines += ["", f"[[{_key(table)}]]", *_pairs(entry)]
        else:
            raise TypeError(f"top-level {table!r} must be a table")
    return "\n".join(lines).lstrip("\n") + "\n"


def _pairs(table: dict[str, Any]) -> list[str]:
    return [f"{_key(key)} = {_value(value)}" for key, value in table.items()]


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        # A JSON string is a valid TOML basic string (the same escapes), CJK kept as it is.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):  # an inline table, e.g. [reminders] templates
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} to a hall file")
