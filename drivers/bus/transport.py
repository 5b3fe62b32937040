"""Byte pipes for the bus: ``write(bytes)``, ``read(max_bytes, timeout)``, ``close()``.

Serial ports go through pyserial's ``serial_for_url`` so a real adapter, a pty (``/dev/pts/N``) and
pyserial's own ``loop://`` all work from one URI. ``pipe_pair()`` is an in-memory null-modem cable for
tests, and ``FdTransport`` drives the master side of a pty that the simulator owns.
"""

from __future__ import annotations

import os
import select
import threading
from typing import Any, Protocol
from urllib.parse import parse_qsl

import serial

from .errors import BusIOError, BusNotFound, InvalidBusURI

DEFAULT_BAUD = 9600
# URL schemes pyserial understands itself; they keep their own query syntax (loop://?logging=debug).
PYSERIAL_SCHEMES = ("loop", "socket", "rfc2217", "spy", "alt", "hwgrep", "cp2110")


class BusTransport(Protocol):
    def write(self, data: bytes) -> None:
        """Send all of *data*, or raise BusIOError."""

    def read(self, max_bytes: int, timeout: float) -> bytes:
        """What has arrived, up to *max_bytes*, waiting at most *timeout* s for the first byte; b"" if none."""

    def close(self) -> None: ...


def parse_bus_uri(uri: str) -> tuple[str, int]:
    """(pyserial URL, baud) for ``serial:///dev/ttyUSB0?baud=9600``, ``/dev/pts/3``, ``loop://`` …"""
    scheme, sep, rest = uri.partition("://")
    if sep and scheme.lower() in PYSERIAL_SCHEMES:
        return uri, DEFAULT_BAUD
    if sep and scheme.lower() != "serial":
        raise InvalidBusURI(f"bus URI must be serial:///dev/ttyUSB0?baud=9600, a device path or loop://: {uri!r}")
    path, _, query = (rest if sep else uri).partition("?")
    if not path:
        raise InvalidBusURI(f"bus URI has no device path: {uri!r}")
    options = dict(parse_qsl(query))
    try:
        baud = int(options.get("baud", DEFAULT_BAUD))
    except ValueError as err:
        raise InvalidBusURI(f"baud must be a number in {uri!r}") from err
    return path, baud


class SerialBusTransport:
    """9600 8N1 through pyserial. One reader thread and one writer thread may use it at the same time."""

    def __init__(self, uri: str, write_timeout: float = 1.0) -> None:
        self.uri = uri
        url, baud = parse_bus_uri(uri)
        try:
            self._serial: Any = serial.serial_for_url(
                url, baudrate=baud, bytesize=8, parity="N", stopbits=1, timeout=0.1, write_timeout=write_timeout
            )
        except (serial.SerialException, ValueError, OSError) as err:
            raise BusNotFound(f"cannot open bus {uri}: {err}") from err
        self._timeout = 0.1

    def write(self, data: bytes) -> None:
        try:
            self._serial.write(data)
            self._serial.flush()
        except serial.SerialTimeoutException as err:
            raise BusIOError(f"bus {self.uri} stopped accepting data") from err
        except (serial.SerialException, OSError) as err:
            raise BusIOError(f"bus {self.uri} write failed: {err}") from err

    def read(self, max_bytes: int, timeout: float) -> bytes:
        try:
            # Setting the timeout reconfigures the port on some platforms, so only when it changes.
            if timeout != self._timeout:
                self._serial.timeout = self._timeout = timeout
            first = bytes(self._serial.read(1))
            if not first or max_bytes <= 1:
                return first
            waiting = min(int(self._serial.in_waiting), max_bytes - 1)
            return first + (bytes(self._serial.read(waiting)) if waiting else b"")
        except (serial.SerialException, OSError) as err:
            raise BusIOError(f"bus {self.uri} read failed: {err}") from err

    def close(self) -> None:
        self._serial.close()


class FdTransport:
    """A raw file descriptor, such as the master side of ``os.openpty()``; closes it on close()."""

    def __init__(self, fd: int, name: str = "fd") -> None:
        self._fd = fd
        self.name = name
        self._closed = False

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError as err:
            raise BusIOError(f"{self.name} write failed: {err}") from err

    def read(self, max_bytes: int, timeout: float) -> bytes:
        try:
            ready, _, _ = select.select([self._fd], [], [], max(0.0, timeout))
            return os.read(self._fd, max_bytes) if ready else b""
        except OSError as err:
            raise BusIOError(f"{self.name} read failed: {err}") from err

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            os.close(self._fd)


class _Line:
    """One direction of the in-memory cable."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.cond = threading.Condition()


class PipeTransport:
    """One end of an in-memory null-modem cable; see pipe_pair()."""

    def __init__(self, rx: _Line, tx: _Line, name: str) -> None:
        self._rx, self._tx, self.name = rx, tx, name
        self._closed = threading.Event()

    def write(self, data: bytes) -> None:
        if self._closed.is_set():
            raise BusIOError(f"{self.name} is closed")
        with self._tx.cond:
            self._tx.data += data
            self._tx.cond.notify_all()

    def read(self, max_bytes: int, timeout: float) -> bytes:
        with self._rx.cond:
            self._rx.cond.wait_for(lambda: bool(self._rx.data) or self._closed.is_set(), timeout)
            if self._closed.is_set():
                raise BusIOError(f"{self.name} is closed")
            chunk = bytes(self._rx.data[:max_bytes])
            del self._rx.data[:max_bytes]
            return chunk

    def close(self) -> None:
        self._closed.set()
        with self._rx.cond:
            self._rx.cond.notify_all()


def pipe_pair() -> tuple[PipeTransport, PipeTransport]:
    """(host end, device end) of an in-memory cable: what one writes, the other reads."""
    a_to_b, b_to_a = _Line(), _Line()
    return PipeTransport(b_to_a, a_to_b, "pipe-host"), PipeTransport(a_to_b, b_to_a, "pipe-device")


def open_transport(uri: str) -> BusTransport:
    return SerialBusTransport(uri)
