"""Issue 15, item 3: connections that cannot starve the server, against a real server process on loopback.

The limits are shortened through the command line (`--request-timeout 2 --keep-alive 2`); each test waits on
the socket (a blocking read with a timeout) until the server closes it, and checks when that happened."""

from __future__ import annotations

import resource
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.hall import provision, write_hall_file
from tests.support.server_process import ServerProcess

API = "/api/v1"
LIMITS = ["--request-timeout", "2", "--keep-alive", "2"]

pytestmark = pytest.mark.slow


@pytest.fixture
def hall_file(tmp_path: Path) -> Path:
    return write_hall_file(tmp_path, prefix="limits").path


@pytest.fixture
def server(hall_file: Path, tmp_path: Path) -> Iterator[ServerProcess]:
    db = f"sqlite:///{tmp_path / 'limits.db'}"
    provision(db, hall_file, [])
    with ServerProcess(hall_file, db, extra=LIMITS) as process:
        yield process


def _connect(server: ServerProcess) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=10)


def _seconds_until_closed(sock: socket.socket, started: float) -> float:
    """Read until the server closes the connection (b"" or a reset); answers the seconds since `started`."""
    try:
        while sock.recv(4096):
            pass
    except ConnectionResetError:
        pass
    return time.monotonic() - started


def test_half_sent_headers_are_closed_after_the_request_timeout(server: ServerProcess) -> None:
    with _connect(server) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /api/v1/hall HTTP/1.1\r\nHost: hall\r\nX-Slow: ")
        assert 1.5 <= _seconds_until_closed(sock, started) <= 6


def test_a_partial_body_is_closed_after_the_request_timeout(server: ServerProcess) -> None:
    with _connect(server) as sock:
        started = time.monotonic()
        head = b"POST /api/v1/auth/login HTTP/1.1\r\nHost: hall\r\nContent-Type: application/json\r\n"
        sock.sendall(head + b"Content-Length: 100\r\n\r\n" + b'{"staff_no": "10')
        assert 1.5 <= _seconds_until_closed(sock, started) <= 6


def test_a_connection_that_sends_nothing_is_closed(server: ServerProcess) -> None:
    with _connect(server) as sock:
        assert 1.5 <= _seconds_until_closed(sock, time.monotonic()) <= 6


def test_an_idle_keep_alive_connection_is_closed_and_clients_reconnect(server: ServerProcess) -> None:
    with _connect(server) as sock:
        sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: hall\r\n\r\n")
        answer = sock.recv(4096)
        assert answer.startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        assert 1.5 <= _seconds_until_closed(sock, started) <= 6
    # A client holding a pooled connection the server has closed just opens another one.
    with httpx.Client(base_url=server.url) as client:
        assert client.get(f"{API}/health").status_code == 200
        _seconds_until_closed(_connect(server), time.monotonic())  # one keep-alive period passes
        assert client.get(f"{API}/health").status_code == 200


def test_1100_idle_connections_cannot_stop_a_kiosk(hall_file: Path, tmp_path: Path) -> None:
    """With 1,024 open files in the server process (the default that failed), 1,100 idle connections."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < 1400:
        pytest.skip("this test process itself needs 1,400 open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1400), hard))
    db = f"sqlite:///{tmp_path / 'idle.db'}"
    tokens = provision(db, hall_file, [("kiosk", "kiosk1", [])])
    idle: list[socket.socket] = []
    try:
        with ServerProcess(hall_file, db, open_files=1024) as server:
            for _ in range(1100):
                sock = socket.socket()
                sock.settimeout(10)
                sock.connect(("127.0.0.1", server.port))
                idle.append(sock)
            headers = {"Authorization": f"Bearer {tokens['kiosk1']}"}
            with httpx.Client(base_url=server.url, headers=headers, timeout=10) as kiosk:
                r = kiosk.post(f"{API}/tickets", json={"service": "SVC_A"})
                assert r.status_code == 201, r.text
                assert kiosk.get(f"{API}/hall").status_code == 200
            server.wait_for("closed an idle connection", timeout=10)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        for sock in idle:
            sock.close()
