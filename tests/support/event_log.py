"""The hall's event log as any subscriber reads it: `WS /api/v1/events?since=SEQ` on a real server."""

from __future__ import annotations

import json
from typing import Any

import httpx
from websockets.sync.client import connect


def last_seq(url: str) -> int:
    """The seq of the last event the server has stored (`GET /hall`)."""
    r = httpx.get(f"{url}/api/v1/hall", timeout=30)
    assert r.status_code == 200, r.text
    return int(r.json()["seq"])


def read_log(url: str, since: int, until: int | None = None, *, timeout: float = 30) -> list[dict[str, Any]]:
    """Every event after `since` up to `until` (default: the last stored), in the order the server sends them.

    Fails on a snapshot instead of events: keep `until - since` within the hall's `snapshot_after_events`."""
    last = last_seq(url) if until is None else until
    messages: list[dict[str, Any]] = []
    if last <= since:
        return messages
    ws_url = url.replace("http://", "ws://", 1) + f"/api/v1/events?since={since}"
    with connect(ws_url, open_timeout=timeout, max_size=None) as ws:
        while not messages or messages[-1]["seq"] < last:
            message = json.loads(ws.recv(timeout=timeout))
            assert message.get("type") != "snapshot", f"asked for the events after {since}, got a snapshot"
            messages.append(message)
    return messages


def assert_gapless(events: list[dict[str, Any]], since: int) -> None:
    """The events continue right after `since`, every seq once, none skipped."""
    seqs = [e["seq"] for e in events]
    assert seqs == list(range(since + 1, since + 1 + len(seqs))), f"gap or repeat after {since}: {seqs}"
