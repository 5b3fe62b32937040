"""Byte pipes to a printer: write(bytes), read(n, timeout), close(), each bounded in time.

TCP and serial use plain sockets / pyserial rather than python-escpos's Network/Serial classes: those
block on a single fixed timeout, read a fixed 16 bytes and cannot open pyserial URLs (loop:// in tests).
USB goes through python-escpos's Usb class, which does the pyusb endpoint and kernel-driver work, and we
then talk to its device handle with our own timeouts.
"""

from __future__ import annotations

import os
import select
import socket
import time
from typing import Any, Protocol

import serial

from .errors import PrinterError, PrinterNotFound, PrinterTimeout
from .uri import PrinterURI


class Transport(Protocol):
    def write(self, data: bytes, timeout: float) -> None:
        """Send all of *data* within *timeout* seconds or raise PrinterTimeout."""

    def read(self, n: int, timeout: float) -> bytes:
        """Up to *n* bytes that arrive within *timeout* seconds; b"" when nothing came."""

    def close(self) -> None: ...


class TcpTransport:
    def __init__(self, host: str, port: int, connect_timeout: float) -> None:
        self.address = f"{host}:{port}"
        try:
            self._sock = socket.create_connection((host, port), timeout=connect_timeout)
        except TimeoutError as err:
            raise PrinterTimeout(
                f"no connection to printer at {self.address} within {connect_timeout}s"
            ) from err
        except OSError as err:
            raise PrinterNotFound(f"cannot connect to printer at {self.address}: {err}") from err

    def write(self, data: bytes, timeout: float) -> None:
        # Since Python 3.5 a socket timeout bounds the whole sendall, not each chunk.
        self._sock.settimeout(timeout)
        try:
            self._sock.sendall(data)
        except TimeoutError as err:
            raise PrinterTimeout(f"printer at {self.address} stopped accepting data") from err
        except OSError as err:
            raise PrinterNotFound(f"lost connection to printer at {self.address}: {err}") from err

    def read(self, n: int, timeout: float) -> bytes:
        if timeout <= 0:
            self._sock.setblocking(False)
        else:
            self._sock.settimeout(timeout)
        try:
            data = self._sock.recv(n)
        except (TimeoutError, BlockingIOError):
            return b""
        except OSError as err:
            raise PrinterNotFound(f"lost connection to printer at {self.address}: {err}") from err
        if not data:
            raise PrinterNotFound(f"printer at {self.address} closed the connection")
        return data

    def close(self) -> None:
        self._sock.close()


class SerialTransport:
    def __init__(self, port: str, baud: int) -> None:
        self.port = port
        try:
            self._serial: Any = serial.serial_for_url(port, baudrate=baud, timeout=0, write_timeout=1)
        except (serial.SerialException, ValueError) as err:
            raise PrinterNotFound(f"cannot open serial printer {port}: {err}") from err

    def write(self, data: bytes, timeout: float) -> None:
        self._serial.write_timeout = timeout
        try:
            self._serial.write(data)
            self._serial.flush()
        except serial.SerialTimeoutException as err:
            raise PrinterTimeout(f"serial printer {self.port} stopped accepting data") from err
        except serial.SerialException as err:
            raise PrinterNotFound(f"serial printer {self.port} failed: {err}") from err

    def read(self, n: int, timeout: float) -> bytes:
        self._serial.timeout = max(0.0, timeout)
        try:
            return bytes(self._serial.read(n))
        except serial.SerialException as err:
            raise PrinterNotFound(f"serial printer {self.port} failed: {err}") from err

    def close(self) -> None:
        self._serial.close()


class FileTransport:
    """A character device such as /dev/usb/lp0; reads work only where the kernel driver passes them on."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._readable = True
        try:
            self._fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)
        except OSError:
            self._readable = False  # write-only: status will always be "unknown", which is the truth
            try:
                self._fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_CREAT, 0o644)
            except OSError as err:
                raise PrinterNotFound(f"cannot open printer device {path}: {err}") from err

    def write(self, data: bytes, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        view = memoryview(data)
        while view:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PrinterTimeout(f"printer device {self.path} stopped accepting data")
            _, ready, _ = select.select([], [self._fd], [], remaining)
            if not ready:
                continue
            try:
                view = view[os.write(self._fd, view):]
            except BlockingIOError:
                continue
            except OSError as err:
                raise PrinterNotFound(f"printer device {self.path} failed: {err}") from err

    def read(self, n: int, timeout: float) -> bytes:
        if not self._readable:
            return b""
        ready, _, _ = select.select([self._fd], [], [], max(0.0, timeout))
        if not ready:
            return b""
        try:
            return os.read(self._fd, n)
        except BlockingIOError:
            return b""
        except OSError as err:
            # Many lp drivers refuse reads outright: that is "no status answer", not a broken printer.
            if err.errno in (22, 95):  # EINVAL, EOPNOTSUPP
                return b""
            raise PrinterNotFound(f"printer device {self.path} failed: {err}") from err

    def close(self) -> None:
        os.close(self._fd)


class UsbTransport:
    """Thin on purpose: no USB device here to test against, only URI parsing is tested."""

    def __init__(self, vendor_id: int, product_id: int) -> None:
        try:
            from escpos.exceptions import DeviceNotFoundError
            from escpos.printer import Usb
        except ImportError as err:
            raise PrinterNotFound("USB printing needs pyusb (pip install python-escpos[usb])") from err
        if not Usb.is_usable():
            raise PrinterNotFound("USB printing needs pyusb (pip install python-escpos[usb])")
        self._printer: Any = Usb(vendor_id, product_id)
        try:
            self._printer.open()
        except DeviceNotFoundError as err:
            raise PrinterNotFound(f"USB printer {vendor_id:04x}:{product_id:04x} not found: {err}") from err
        self._device: Any = self._printer.device

    def write(self, data: bytes, timeout: float) -> None:
        try:
            self._device.write(self._printer.out_ep, data, int(timeout * 1000))
        except Exception as err:  # pyusb raises usb.core.USBTimeoutError / USBError; pyusb may be absent
            raise _usb_error(err, "write") from err

    def read(self, n: int, timeout: float) -> bytes:
        try:
            return bytes(self._device.read(self._printer.in_ep, n, max(1, int(timeout * 1000))))
        except Exception as err:
            if type(err).__name__ == "USBTimeoutError":
                return b""
            raise _usb_error(err, "read") from err

    def close(self) -> None:
        self._printer.close()


def _usb_error(err: Exception, what: str) -> PrinterError:
    if type(err).__name__ == "USBTimeoutError":
        return PrinterTimeout(f"USB printer {what} timed out")
    return PrinterNotFound(f"USB printer {what} failed: {err}")


def open_transport(uri: PrinterURI, connect_timeout: float = 2.0, width_dots: int = 576) -> Transport:
    """A transport for *uri*; *width_dots* only matters for the virtual printer's pictures."""
    if uri.scheme == "tcp":
        return TcpTransport(uri.host, uri.port, connect_timeout)
    if uri.scheme == "serial":
        return SerialTransport(uri.path, uri.baud)
    if uri.scheme == "file":
        return FileTransport(uri.path)
    if uri.scheme == "usb":
        return UsbTransport(uri.vendor_id, uri.product_id)
    from .virtual import VirtualPrinter

    return VirtualPrinter(uri.path, width_dots, uri.options.get("fault", "none"))
