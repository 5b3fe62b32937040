"""Where tickets' QR codes point when the server starts without --public-url: the LAN address zeroconf
advertises, and a loud warning when only loopback is there (no phone could open the link)."""

from __future__ import annotations

from pathlib import Path

import pytest

from client.api import HallApi
from server.public_url import advertised_addresses, default_public_url
from tests.support.hall import provision, write_hall_file
from tests.support.live import DEFAULT_DEVICES
from tests.support.server_process import ServerProcess


def test_the_default_is_the_first_lan_address_zeroconf_advertises() -> None:
    lan = advertised_addresses("0.0.0.0", (), lambda: ["192.168.1.20", "10.0.0.3"])
    assert lan == ["192.168.1.20", "10.0.0.3"]
    assert default_public_url(lan, 8000) == ("http://192.168.1.20:8000", None)
    # An interface named for zeroconf, or a host bound to one address, is what the hall is advertised at.
    assert advertised_addresses("0.0.0.0", ("10.1.2.3",), lambda: ["192.168.1.20"]) == ["10.1.2.3"]
    assert advertised_addresses("10.9.8.7", (), lambda: ["192.168.1.20"]) == ["10.9.8.7"]


def test_only_loopback_gives_a_warning_saying_what_to_do() -> None:
    url, warning = default_public_url(advertised_addresses("0.0.0.0", (), list), 8000)
    assert url == "http://127.0.0.1:8000"
    assert warning is not None and "手机无法打开" in warning and "--public-url" in warning


@pytest.mark.slow
def test_a_server_on_loopback_warns_and_its_tickets_point_at_it(tmp_path: Path) -> None:
    hall = write_hall_file(tmp_path / "hall", prefix="public-url")
    db = f"sqlite:///{tmp_path / 'hall.db'}"
    tokens = provision(db, hall.path, DEFAULT_DEVICES)
    server = ServerProcess(hall.path, db).start()  # --host 127.0.0.1, no --public-url
    try:
        assert "手机无法打开" in "\n".join(server.log)
        with HallApi(server.url, tokens["kiosk"]) as kiosk:
            assert kiosk.issue_ticket("SVC_A").track_url.startswith(f"{server.url}/")
    finally:
        server.stop()
    chosen = ServerProcess(hall.path, db, extra=["--public-url", "http://hall.example:8000"]).start()
    try:
        assert "手机无法打开" not in "\n".join(chosen.log)
        with HallApi(chosen.url, tokens["kiosk"]) as kiosk:
            assert kiosk.issue_ticket("SVC_A").track_url.startswith("http://hall.example:8000/")
    finally:
        chosen.stop()
