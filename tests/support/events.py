"""Events for tests that feed clients by hand: the payload a test names, completed with neutral values for the
fields the contract requires (`jiaohao.wire.events`), so each test states only what it is about."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jiaohao.wire.models import Event

_TICKET = {"id": 0, "number": "A000", "service": "SVC_A", "service_name": "", "channel": "normal", "state": "waiting"}
_REQUIRED: dict[str, dict[str, Any]] = {
    "ticket.issued": {**_TICKET, "issued_at": "2026-03-02T02:00:00+00:00", "waiting_ahead": 0},
    "ticket.called": {**_TICKET, "state": "called"},
    "ticket.serving": {**_TICKET, "state": "serving"},
    "ticket.finished": {**_TICKET, "state": "done"},
    "ticket.no_show": {**_TICKET, "state": "no_show"},
    "ticket.held": {**_TICKET, "state": "held"},
    "ticket.transferred": {
        **_TICKET,
        "state": "transferred",
        "from_window": 0,
        "from_service": "SVC_A",
        "position": "back",
    },
    "rating.recorded": {"window": 0, "ticket_id": 0, "number": "A000", "level": 5},
    "rating.requested": {"window": 0, "ticket_id": 0, "number": "A000", "service": "SVC_A"},
    "hall.counts": {"services": {}},
}


def event(seq: int, type_: str, at: datetime, data: dict[str, Any]) -> Event:
    return Event(seq=seq, type=type_, at=at, data={**_REQUIRED.get(type_, {}), **data})
