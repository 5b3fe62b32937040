"""A configuration change made while the hall runs reaches a running kiosk without a restart."""

from __future__ import annotations

import httpx
from pytestqt.qtbot import QtBot

from drivers.printer.simulator import PrinterSimulator
from tests.kiosk.kiosk_helpers import WAIT_MS, MakeKiosk
from tests.support.live import LiveHall


def test_a_renamed_closed_and_added_service_reach_the_running_kiosk(
    qtbot: QtBot, own_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(own_hall, f"tcp://127.0.0.1:{printer_sim.port}")
    grid = kiosk.window.start.grid
    assert "业务A" in grid.buttons["SVC_A"].name.text() and "GJJ" not in grid.buttons

    with own_hall.api(None) as admin:
        token = admin.login("1003", "3333", None).token
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"{own_hall.url}/api/v1/config", headers=headers, timeout=10) as config:
        assert config.put("/services/SVC_A", json={"name": "不动产登记"}).status_code == 200
        assert config.put("/services/SVC_C", json={"suspended": True}).status_code == 200
        new = {"name": "公积金提取", "prefix": "G", "hours": ["00:00-24:00"]}
        assert config.put("/services/GJJ", json=new).status_code == 200

    qtbot.waitUntil(lambda: "GJJ" in kiosk.window.start.grid.buttons, timeout=WAIT_MS)
    grid = kiosk.window.start.grid
    qtbot.waitUntil(lambda: "不动产登记" in grid.buttons["SVC_A"].name.text(), timeout=WAIT_MS)
    assert "公积金提取" in grid.buttons["GJJ"].name.text() and grid.buttons["GJJ"].prefix.text() == "G"
    closed = next(t for t in kiosk.model.tiles() if t.code == "SVC_C")
    assert not closed.open and closed.closed_reason == "暂停取号"
    assert not grid.buttons["SVC_C"].isEnabled() and grid.buttons["SVC_C"].line.text() == "暂停取号"
