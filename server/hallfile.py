"""Read the hall TOML file into a validated `HallConfig`.

Whoever edits this file is an installer at a service hall, not a Python programmer: every problem comes
back as one `HallFileError` that names the file, the place in it (`services[2].prefix`, with the service it
belongs to) and what is wrong, instead of a pydantic traceback.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from jiaohao.domain.config import HallConfig

__all__ = ["HallFileError", "load_hall", "load_sample_hall", "parse_hall", "sample_hall_path", "validate_hall"]

_SAMPLE = "sample_hall.toml"

# The table whose entries identify themselves by this key, so a place reads `services[2] (code "YBBX")`
# and the installer does not have to count tables in the file.
_IDENTITY_KEYS = {"services": "code", "windows": "number", "staff": "no"}


class HallFileError(Exception):
    """The hall file cannot be read or does not describe a valid hall."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        if len(self.problems) == 1:
            message = f"{source}: {self.problems[0]}"
        else:
            lines = "\n".join(f"  - {problem}" for problem in self.problems)
            message = f"{source}: {len(self.problems)} problems:\n{lines}"
        super().__init__(message)


def sample_hall_path() -> Path:
    """Where the packaged sample hall lives (needs the package installed as plain files, not zipped)."""
    resource = resources.files("server").joinpath(_SAMPLE)
    if not isinstance(resource, Path):
        raise HallFileError(_SAMPLE, ["the sample hall is inside a zipped package; use load_sample_hall()"])
    return resource


def load_sample_hall() -> HallConfig:
    """The packaged sample Chinese hall (DESIGN §8)."""
    resource = resources.files("server").joinpath(_SAMPLE)
    # read_bytes works for zipped installs too, unlike sample_hall_path().
    return parse_hall(resource.read_bytes(), source=f"<package>/{_SAMPLE}")


def load_hall(path: Path) -> HallConfig:
    """Read and validate the hall file at `path`."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise HallFileError(str(path), [f"cannot read the file: {err.strerror or err}"]) from err
    return parse_hall(data, source=str(path))


def parse_hall(data: bytes, *, source: str) -> HallConfig:
    """Validate hall TOML held in memory; `source` names it in error messages."""
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise HallFileError(source, [f"not UTF-8 text (byte {err.start}); save the file as UTF-8"]) from err
    except tomllib.TOMLDecodeError as err:
        # tomllib's message already carries "(at line L, column C)".
        raise HallFileError(source, [f"TOML syntax error: {err}"]) from err
    return validate_hall(raw, source=source)


def validate_hall(raw: Mapping[str, Any], *, source: str) -> HallConfig:
    """Validate hall-file tables already parsed (the file, or the live configuration being edited), with the
    same place-and-reason messages."""
    try:
        return HallConfig.model_validate(raw)
    except ValidationError as err:
        raise HallFileError(source, [_describe(error, raw) for error in err.errors()]) from err


def _describe(error: ErrorDetails, raw: Mapping[str, Any]) -> str:
    loc = error["loc"]
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        # extra="forbid" exists to catch misspelt keys; say so in the installer's terms.
        message = "unknown setting, not allowed here (misspelt?)"
    value = error.get("input")
    # pydantic says what it wanted but not what it found; the installer needs both to spot the typo.
    if _is_scalar(value) and repr(value) not in message:
        message = f"{message} (got {value!r})"
    if not loc:
        # Cross-checks of the whole hall (duplicates, unknown services) carry no location from pydantic;
        # find the entries involved so the installer knows which lines to look at.
        places = _whole_hall_places(raw)
        if places:
            return f"{message}: {'; '.join(places)}"
        return message
    return f"{_place(loc, raw)}: {message}"


def _place(loc: tuple[int | str, ...], raw: Mapping[str, Any]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        identity = _identity(raw, loc[0], loc[1])
        if identity:
            text += f" ({identity})"
    return text


def _identity(raw: Mapping[str, Any], table: str, index: int) -> str | None:
    key = _IDENTITY_KEYS.get(table)
    entries = raw.get(table)
    if key is None or not isinstance(entries, list) or not 0 <= index < len(entries):
        return None
    entry = entries[index]
    if isinstance(entry, dict) and key in entry:
        return f"{key} {entry[key]!r}"
    return None


def _whole_hall_places(raw: Mapping[str, Any]) -> list[str]:
    """Places that break the hall-wide rules of `HallConfig`, found in the raw TOML tables."""
    places: list[str] = []
    for table, key in (("services", "code"), ("services", "prefix"), ("windows", "number"), ("staff", "no")):
        places += _duplicates(raw, table, key)
    codes = {entry.get("code") for entry in _entries(raw, "services") if _is_scalar(entry.get("code"))}
    for index, window in enumerate(_entries(raw, "windows")):
        services = window.get("services")
        if not isinstance(services, list):
            continue
        for position, code in enumerate(services):
            if _is_scalar(code) and code not in codes:
                places.append(f"windows[{index}].services[{position}]: no service has code {code!r}")
    if "services" in raw and not _entries(raw, "services"):
        places.append("services: the list is empty")
    return places


def _duplicates(raw: Mapping[str, Any], table: str, key: str) -> list[str]:
    entries = _entries(raw, table)
    counts = Counter(entry.get(key) for entry in entries if _is_scalar(entry.get(key)))
    places: list[str] = []
    for repeated, count in counts.items():
        if count > 1:
            at = [f"{table}[{i}].{key}" for i, entry in enumerate(entries) if entry.get(key) == repeated]
            places.append(f"{key} {repeated!r} appears {count} times, at {', '.join(at)}")
    return places


def _entries(raw: Mapping[str, Any], table: str) -> list[dict[str, Any]]:
    entries = raw.get(table)
    if not isinstance(entries, list):
        return []
    return [entry for entry in entries if isinstance(entry, dict)]


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float | bool)
