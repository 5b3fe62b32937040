"""Parse printer URIs (DESIGN §6): tcp://, usb://, serial://, file://, virtual://."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qsl

from .errors import InvalidPrinterURI

Scheme = Literal["tcp", "usb", "serial", "file", "virtual"]
DEFAULT_TCP_PORT = 9100
DEFAULT_BAUD = 9600


@dataclass(frozen=True)
class PrinterURI:
    """A parsed printer address; only the fields of its scheme are set."""

    scheme: Scheme
    raw: str
    host: str = ""
    port: int = 0
    path: str = ""  # serial port / device file / virtual output directory
    vendor_id: int = 0
    product_id: int = 0
    baud: int = DEFAULT_BAUD
    options: dict[str, str] = field(default_factory=dict)


def _split_query(rest: str) -> tuple[str, dict[str, str]]:
    body, _, query = rest.partition("?")
    return body, dict(parse_qsl(query, keep_blank_values=True))


def _hex16(text: str, uri: str) -> int:
    try:
        value = int(text, 16)
    except ValueError as err:
        raise InvalidPrinterURI(f"USB ids must be hex VID:PID in {uri!r}") from err
    if not 0 <= value <= 0xFFFF:
        raise InvalidPrinterURI(f"USB id out of range in {uri!r}")
    return value


def parse_printer_uri(uri: str) -> PrinterURI:
    """Parse *uri*; raise InvalidPrinterURI with a sentence an installer can act on."""
    scheme, sep, rest = uri.partition("://")
    if not sep:
        raise InvalidPrinterURI(
            f"printer URI needs a scheme (tcp://, usb://, serial://, file://, virtual://): {uri!r}"
        )
    scheme = scheme.lower()
    body, options = _split_query(rest)
    if scheme == "tcp":
        host, colon, port_text = body.rstrip("/").rpartition(":")
        if not colon:
            host, port_text = body.rstrip("/"), str(DEFAULT_TCP_PORT)
        host = host.strip("[]")
        if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise InvalidPrinterURI(f"expected tcp://HOST:PORT, got {uri!r}")
        return PrinterURI("tcp", uri, host=host, port=int(port_text), options=options)
    if scheme == "usb":
        vid, colon, pid = body.rstrip("/").partition(":")
        if not colon:
            raise InvalidPrinterURI(f"expected usb://VID:PID (hex), got {uri!r}")
        return PrinterURI(
            "usb", uri, vendor_id=_hex16(vid, uri), product_id=_hex16(pid, uri), options=options
        )
    if scheme == "serial":
        # serial:///dev/ttyUSB0 keeps its leading slash; anything else (COM3, loop://) is a pyserial URL.
        baud_text = options.pop("baud", str(DEFAULT_BAUD))
        if not body or not baud_text.isdigit():
            raise InvalidPrinterURI(f"expected serial:///dev/ttyUSB0?baud=9600, got {uri!r}")
        return PrinterURI("serial", uri, path=body, baud=int(baud_text), options=options)
    if scheme in ("file", "virtual"):
        if not body:
            raise InvalidPrinterURI(f"expected {scheme}://PATH, got {uri!r}")
        kind: Scheme = "file" if scheme == "file" else "virtual"
        return PrinterURI(kind, uri, path=body, options=options)
    raise InvalidPrinterURI(f"unknown printer scheme {scheme!r} in {uri!r}")
