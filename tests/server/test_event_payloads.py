"""Every event the server emits is its type's model (`jiaohao.wire.events`), and the public stream carries no
citizen's data: a morning with every kind of change, read back from the log as a reconnecting screen would."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from jiaohao.wire.base import EventData, UnknownEventData
from jiaohao.wire.events import CaseOpened, HallCounts, RatingRequested, TicketIssued, TicketTransferred
from jiaohao.wire.models import Event
from tests.support.harness import API, HallHarness

HOLDER = "110101199003077777"
COMMENT = "窗口人员态度很差"


def busy_morning(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    pad = hall.device("pad", [1])
    supervisor = hall.login("1002", "2222", window=None)
    hall.issued("SVC_A")
    hall.issued("SVC_B", holder_id=HOLDER)
    hall.issued("SVC_A", channel="green")
    for action in ("call-next", "recall", "start", "finish"):
        assert hall.act(1, action, clerk).status_code == 200
    served = hall.act(1, "call-next", clerk).json()["ticket"]
    assert hall.act(1, "hold", clerk).status_code == 200
    assert hall.act(1, "call", clerk, number=served["number"]).status_code == 200
    assert hall.act(1, "transfer", clerk, service="SVC_A", position="front").status_code == 200
    assert hall.act(1, "call-next", clerk).status_code == 200
    assert hall.act(1, "no-show", clerk).status_code == 200
    assert hall.act(1, "pause", clerk, reason="午休").status_code == 200
    assert hall.act(1, "resume", clerk).status_code == 200
    assert hall.act(1, "call-next", clerk).status_code == 200
    finished = hall.act(1, "finish", clerk).json()["ticket"]
    rated = hall.client.post(
        f"{API}/ratings",
        json={"ticket_id": finished["id"], "level": 1, "reasons": ["服务态度"], "comment": COMMENT},
        headers=pad,
    )
    assert rated.status_code == 201, rated.text
    hall.client.put(f"{API}/hall/notice", json={"text": "今日下午系统维护"}, headers=supervisor)
    kiosk = hall.device("kiosk")
    hall.client.post(f"{API}/devices/status", json={"status": "paper_out"}, headers=kiosk)
    hall.clock.advance(timedelta(days=1))
    hall.issued("SVC_A")  # the first command of the next day turns it


def test_every_event_is_its_types_model_and_says_nothing_about_the_citizen(hall: HallHarness) -> None:
    busy_morning(hall)
    last = hall.hall()["seq"]
    with hall.client.websocket_connect(f"{API}/events?since=0") as ws:
        raw = [json.loads(ws.receive_text()) for _ in range(last)]
    events = [Event.model_validate(message) for message in raw]
    assert [e.seq for e in events] == list(range(1, last + 1))
    unknown = [e.type for e in events if isinstance(e.data, UnknownEventData)]
    assert unknown == [], "every type the server emits has its model"
    for message, event in zip(raw, events, strict=True):
        # Parsed once into its model and dumped again, the payload is what was sent: no field outside the model.
        assert type(event.data).event_type == event.type
        assert _same(event.data, message["data"]), event.type
    types = {e.type for e in events}
    assert types >= {
        "ticket.issued",
        "ticket.called",
        "ticket.serving",
        "ticket.finished",
        "ticket.held",
        "ticket.no_show",
        "ticket.transferred",
        "window.updated",
        "hall.counts",
        "rating.requested",
        "rating.recorded",
        "case.opened",
        "notice",
        "device.status",
        "day.started",
    }
    text = json.dumps(raw, ensure_ascii=False)
    assert HOLDER not in text and COMMENT not in text and "track" not in text and "holder" not in text
    assert any(isinstance(e.data, CaseOpened) for e in events)
    transferred = next(e.data for e in events if isinstance(e.data, TicketTransferred))
    assert (transferred.from_window, transferred.to_window, transferred.position) == (1, None, "front")
    issued = [e.data for e in events if isinstance(e.data, TicketIssued)]
    assert [t.waiting_ahead for t in issued[:3]] == [0, 0, 0]  # A: first; B: first; green A: first of its lane
    counts = [e.data for e in events if isinstance(e.data, HallCounts)]
    assert all(c.open and c.closed_reason is None for h in counts for c in h.services.values())
    assert all(r.reasons for r in (e.data for e in events) if isinstance(r, RatingRequested))


def _same(model: EventData, sent: dict[str, Any]) -> bool:
    """Equal up to how a time is written ('Z' or '+00:00')."""
    dumped = model.model_dump(mode="json")
    return dumped.keys() == sent.keys() and all(
        dumped[k] == sent[k] or str(dumped[k]).replace("Z", "+00:00") == str(sent[k]).replace("Z", "+00:00")
        for k in dumped
    )
