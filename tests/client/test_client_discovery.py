"""Discovery for real on 127.0.0.1: a front-end with no --server finds the hall, and follows it when the
server is killed and comes back on another port."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from client.connection import HallConnection
from client.discovery import HallLocation, location_from_info
from client.settings import DeviceSettings
from client.state import StateChange
from tests.support.hall import provision, sqlite_database, write_hall_file
from tests.support.server_process import ServerProcess

pytestmark = pytest.mark.slow
LOOPBACK = ("127.0.0.1",)
# Bounds, not sleeps: the advertisement is claimed in the background within a few seconds of startup.
FIND_TIMEOUT_MS = 40_000  # a bound, not a wait: generous for a loaded 2-core machine (seen to need > 20 s)


def test_finds_the_hall_and_follows_a_restart_on_another_port(qtbot: QtBot, tmp_path: Path) -> None:
    hall_file = write_hall_file(tmp_path, prefix="client-test")
    config, hall_id = hall_file.path, hall_file.hall_id
    db = sqlite_database(tmp_path)
    tokens = provision(db, config, [("kiosk", "kiosk", [])])
    settings = DeviceSettings(role="kiosk", hall=hall_id, token=tokens["kiosk"], zeroconf_interfaces=LOOPBACK)
    connection = HallConnection(settings)
    assert connection.browser is not None
    changes: list[StateChange] = []
    connection.stateChanged.connect(changes.append)
    connection.start()
    first = ServerProcess(config, db, extra=["--zeroconf-interface", "127.0.0.1"])
    second: ServerProcess | None = None
    try:
        with qtbot.waitSignal(connection.serverFound, timeout=FIND_TIMEOUT_MS) as found:
            first.start()
        assert found.args == [first.url]
        qtbot.waitUntil(lambda: connection.state.ready, timeout=10_000)
        assert connection.state.hall is not None and connection.state.hall.id == hall_id

        first.kill9()  # no goodbye: the browser learns of the move from the new announcement
        second = ServerProcess(config, db, extra=["--zeroconf-interface", "127.0.0.1"])
        assert second.port != first.port
        with qtbot.waitSignal(
            connection.serverFound, timeout=FIND_TIMEOUT_MS, check_params_cb=lambda url: url == second.url
        ):
            second.start()

        issued: list[object] = []
        connection.api.submit(lambda api: api.issue_ticket("SVC_A"), issued.append)
        # The answer (API worker thread) and the event (stream thread) race each other: wait for both.
        qtbot.waitUntil(
            lambda: len(issued) == 1 and any(c.event is not None and c.event.type == "ticket.issued" for c in changes),
            timeout=10_000,
        )
        location = connection.browser.current
        assert location is not None and (location.host, location.port) == ("127.0.0.1", second.port)
    finally:
        connection.stop()
        if second is not None:
            second.stop()
        first.stop()


def test_link_local_addresses_and_foreign_txt_are_ignored() -> None:
    txt = {b"v": b"1", b"api": b"/api/v1", b"hall": b"demo-hall"}

    assert location_from_info("大厅", 8000, ["169.254.3.4"], txt) is None
    assert location_from_info("大厅", 8000, ["169.254.3.4", "10.0.0.5"], txt) == HallLocation(
        "demo-hall", "大厅", "10.0.0.5", 8000
    )
    assert location_from_info("大厅", 8000, ["10.0.0.5"], {b"v": b"2", b"hall": b"demo-hall"}) is None
