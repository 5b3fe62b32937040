"""Device health reports and the hall notice: what a supervisor sees when a printer runs out of paper."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.support.harness import API, HallHarness


def test_printer_paper_out_is_an_event_and_shows_in_the_device_list(hall: HallHarness) -> None:
    supervisor = hall.login("1002", "2222", window=None)
    with hall.client.websocket_connect(f"{API}/events?since={hall.hall()['seq']}") as ws:
        r = hall.client.post(f"{API}/devices/status", json={"status": "ok"}, headers=hall.kiosk)
        assert r.status_code == 204
        hall.client.post(f"{API}/devices/status", json={"status": "ok"}, headers=hall.kiosk)  # heartbeat, no news
        hall.client.post(f"{API}/devices/status", json={"status": "paper_out", "detail": "缺纸"}, headers=hall.kiosk)
        first, second = json.loads(ws.receive_text()), json.loads(ws.receive_text())
    assert (first["data"]["status"], second["data"]["status"]) == ("ok", "paper_out")
    assert second["seq"] == first["seq"] + 1  # the unchanged heartbeat emitted nothing
    listed = hall.client.get(f"{API}/devices", headers=supervisor).json()
    kiosk = next(d for d in listed if d["kind"] == "kiosk")
    assert (kiosk["status"], kiosk["detail"], kiosk["online"]) == ("paper_out", "缺纸", True)
    hall.clock.advance(timedelta(minutes=3))
    supervisor = hall.login("1002", "2222", window=None)
    assert (
        next(d for d in hall.client.get(f"{API}/devices", headers=supervisor).json() if d["kind"] == "kiosk")["online"]
        is False
    )


def test_device_list_and_notice_are_for_supervisors(hall: HallHarness) -> None:
    clerk = hall.login("1001", "1111", window=1)
    assert hall.client.get(f"{API}/devices", headers=clerk).status_code == 403
    assert hall.client.put(f"{API}/hall/notice", json={"text": "x"}, headers=clerk).status_code == 403
    r = hall.client.post(f"{API}/devices/status", json={"status": "melted"}, headers=hall.kiosk)
    assert r.status_code == 400


def test_notice_reaches_displays_and_the_hall_view(hall: HallHarness) -> None:
    supervisor = hall.login("1002", "2222", window=None)
    with hall.client.websocket_connect(f"{API}/events?since={hall.hall()['seq']}") as ws:
        r = hall.client.put(
            f"{API}/hall/notice", json={"text": "今日下午 16:00 起暂停办理医保业务"}, headers=supervisor
        )
        assert r.status_code == 204
        event = json.loads(ws.receive_text())
    assert event["type"] == "notice" and event["data"]["text"] == "今日下午 16:00 起暂停办理医保业务"
    assert hall.hall()["notice"] == "今日下午 16:00 起暂停办理医保业务"


def test_a_silent_device_is_announced_offline_once(hall: HallHarness) -> None:
    supervisor = hall.login("1002", "2222", window=None)
    assert hall.client.post(f"{API}/devices/status", json={"status": "ok"}, headers=hall.kiosk).status_code == 204
    seq = hall.hall()["seq"]
    hall.advance(timedelta(minutes=1))  # one heartbeat missed: not yet a loss
    assert [e for e in hall.events_since(seq) if e["type"] == "device.status"] == []
    hall.advance(timedelta(minutes=2))
    hall.advance(timedelta(minutes=5))  # later sweeps (or another server process) say nothing more
    lost = [e for e in hall.events_since(seq) if e["type"] == "device.status"]
    assert [(e["data"]["status"], e["data"]["detail"]) for e in lost] == [("offline", "心跳中断")]
    kiosk = next(d for d in hall.client.get(f"{API}/devices", headers=supervisor).json() if d["kind"] == "kiosk")
    assert (kiosk["health"], kiosk["status"]) == ("offline", "offline")
    assert kiosk["last_seen_at"] is not None  # when it was last heard from is kept

    # Back again: that is news too, and it is online with what it says.
    r = hall.client.post(f"{API}/devices/status", json={"status": "ok", "detail": "打印机正常"}, headers=hall.kiosk)
    assert r.status_code == 204
    back = [e for e in hall.events_since(seq) if e["type"] == "device.status"][-1]
    assert (back["data"]["status"], back["data"]["detail"]) == ("ok", "打印机正常")
