"""What every wire model shares: the in/out base classes, the state names, and the base of event payloads."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, field_validator

TicketStateName = Literal["waiting", "called", "serving", "done", "no_show", "held", "transferred", "cancelled"]
ChannelName = Literal["normal", "green", "appointment"]
OutcomeName = Literal["completed", "accepted_pending", "returned", "consulted"]  # jiaohao.domain.outcomes
WindowStatus = Literal["closed", "open", "paused"]


# Characters no one types into a hall form: NUL (PostgreSQL refuses it in text: a 500), the other C0/C1
# controls (a BEL in a notice, an ESC in a name) and the bidi overrides that turn "\u202e三张" round on a screen.
# Newline, carriage return and tab stay: a case response is a paragraph, and browsers send CR LF.
_FORBIDDEN_CHARS = frozenset(
    [chr(c) for c in range(0x20) if chr(c) not in "\n\r\t"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\u061c", "\u200e", "\u200f", "\u2028", "\u2029"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)


def has_control_chars(text: str) -> bool:
    """True when `text` holds a control character or a bidi override (`_FORBIDDEN_CHARS`)."""
    return not _FORBIDDEN_CHARS.isdisjoint(text)


def strip_control_chars(text: str) -> str:
    """`text` without the characters `has_control_chars` finds (for browser forms, which cannot show a 400)."""
    return "".join(ch for ch in text if ch not in _FORBIDDEN_CHARS) if has_control_chars(text) else text


def _refuse_control_chars(value: Any) -> Any:
    if isinstance(value, str) and has_control_chars(value):
        raise ValueError("含有不可见的控制字符，请删除后重试")
    if isinstance(value, list):
        for item in value:
            _refuse_control_chars(item)
    return value


# The same rule as a JSON Schema pattern, so that the OpenAPI document says what the server refuses.
PRINTABLE_PATTERN = (
    "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f"
    "\\u2028-\\u202e\\u2066-\\u2069]*$"
)


def _patterns(schema: dict[str, Any]) -> None:
    """Give every string in a request body's schema without a pattern of its own the printable pattern."""
    if schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema and "format" not in schema:
        schema["pattern"] = PRINTABLE_PATTERN
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            _patterns(branch)
    if isinstance(schema.get("items"), dict):
        _patterns(schema["items"])
    for sub in schema.get("properties", {}).values():
        _patterns(sub)


def _schema_extra(schema: dict[str, Any]) -> None:
    _patterns(schema)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra=_schema_extra)

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: Any) -> Any:
        return _refuse_control_chars(value)


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")  # clients tolerate fields added later


class EventData(_Out):
    """The `data` of one event type on the stream (`jiaohao.wire.events`); `event_type` is its name there.

    Each subclass that names an `event_type` registers itself, so the envelope (`models.Event`) parses a
    message's `data` straight into the right model, once."""

    event_type: ClassVar[str] = ""
    by_type: ClassVar[dict[str, type[EventData]]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if "event_type" in cls.__dict__:
            if cls.event_type in EventData.by_type:
                raise TypeError(f"two payload models for {cls.event_type!r}")
            EventData.by_type[cls.event_type] = cls


class UnknownEventData(EventData):
    """An event type this client does not know (a newer server): kept as it came, and ignored."""

    model_config = ConfigDict(extra="allow")
