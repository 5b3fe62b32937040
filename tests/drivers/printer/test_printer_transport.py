"""URIs and transports: TCP deadlines, serial over pyserial's loop://, files. USB: URI parsing only
(no USB printer in CI; the transport is a thin wrapper over python-escpos's Usb)."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from drivers.printer import commands as cmd
from drivers.printer.errors import InvalidPrinterURI, PrinterNotFound, PrinterTimeout
from drivers.printer.transport import FileTransport, SerialTransport, TcpTransport
from drivers.printer.uri import parse_printer_uri


def test_uri_forms_from_the_design() -> None:
    tcp = parse_printer_uri("tcp://192.168.1.50:9100")
    assert (tcp.scheme, tcp.host, tcp.port) == ("tcp", "192.168.1.50", 9100)
    assert parse_printer_uri("tcp://printer.local").port == 9100
    usb = parse_printer_uri("usb://04b8:0202")
    assert (usb.scheme, usb.vendor_id, usb.product_id) == ("usb", 0x04B8, 0x0202)
    serial_uri = parse_printer_uri("serial:///dev/ttyUSB0?baud=115200")
    assert (serial_uri.path, serial_uri.baud) == ("/dev/ttyUSB0", 115200)
    assert parse_printer_uri("serial:///dev/ttyS0").baud == 9600
    assert parse_printer_uri("file:///dev/usb/lp0").path == "/dev/usb/lp0"
    virtual = parse_printer_uri("virtual:///tmp/tickets?fault=paper-out")
    assert (virtual.path, virtual.options) == ("/tmp/tickets", {"fault": "paper-out"})


@pytest.mark.parametrize("bad", ["192.168.1.50:9100", "tcp://:9100", "tcp://host:99999", "usb://04b8",
                                 "usb://zzzz:0202", "usb://10000:1", "lpt://1", "serial://?baud=x", "virtual://"])
def test_bad_uris_are_refused_with_a_sentence(bad: str) -> None:
    with pytest.raises(InvalidPrinterURI) as raised:
        parse_printer_uri(bad)
    assert raised.value.message_zh == "打印机地址配置错误"


def test_serial_transport_over_loopback() -> None:
    port = SerialTransport("loop://", 9600)
    try:
        port.write(cmd.status_query(4), timeout=1)
        assert port.read(3, timeout=1) == b"\x10\x04\x04"
        started = time.monotonic()
        assert port.read(1, timeout=0.2) == b""
        assert time.monotonic() - started < 1.0
    finally:
        port.close()


def test_serial_missing_device_is_not_found() -> None:
    with pytest.raises(PrinterNotFound):
        SerialTransport("/dev/does-not-exist-printer", 9600)


def test_tcp_write_to_a_printer_that_stops_reading_times_out() -> None:
    # A listening socket that never accepts or reads: the kernel buffers fill, then sendall blocks.
    with socket.create_server(("127.0.0.1", 0)) as server:
        host, port = server.getsockname()
        transport = TcpTransport(host, port, connect_timeout=1)
        try:
            started = time.monotonic()
            with pytest.raises(PrinterTimeout):
                transport.write(b"\x00" * (64 * 1024 * 1024), timeout=0.3)
            assert time.monotonic() - started <= 0.3 + 1.0
        finally:
            transport.close()


def test_tcp_connection_refused_is_not_found() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
    with pytest.raises(PrinterNotFound) as raised:
        TcpTransport("127.0.0.1", port, connect_timeout=1)
    assert isinstance(raised.value.__cause__, OSError)


def test_file_transport_writes_the_bytes(tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    device = FileTransport(str(target))
    device.write(b"\x1b@hello\n", timeout=1)
    assert device.read(1, timeout=0.05) == b""  # a plain file never answers DLE EOT
    device.close()
    assert target.read_bytes() == b"\x1b@hello\n"
