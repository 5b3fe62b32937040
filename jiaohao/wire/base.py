"""What every wire model shares: the in/out base classes, the state names, and the base of event payloads."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

TicketStateName = Literal["waiting", "called", "serving", "done", "no_show", "held", "transferred", "cancelled"]
ChannelName = Literal["normal", "green", "appointment"]
OutcomeName = Literal["completed", "accepted_pending", "returned", "consulted"]  # jiaohao.domain.outcomes
WindowStatus = Literal["closed", "open", "paused"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


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
