"""One error family for every driver: a real failure of each device kind arrives as a `DeviceError` with a
Chinese and an English sentence and its cause chained, and is still caught by its own driver's base."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from drivers.bus import BusError
from drivers.bus.errors import BusNotFound
from drivers.bus.transport import SerialBusTransport
from drivers.errors import DeviceError
from drivers.printer.errors import PrinterError, PrinterNotFound
from drivers.printer.transport import TcpTransport
from drivers.voice import PlayerError, VoiceError, VoicePack, VoicePackError


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def failures(tmp_path: Path) -> list[tuple[type[DeviceError], DeviceError]]:
    caught: list[tuple[type[DeviceError], DeviceError]] = []
    with pytest.raises(PrinterError) as printer:
        TcpTransport("127.0.0.1", closed_port(), connect_timeout=2.0)
    caught.append((PrinterError, printer.value))
    with pytest.raises(BusError) as bus:
        SerialBusTransport(f"serial://{tmp_path / 'ttyUSB-unplugged'}")
    caught.append((BusError, bus.value))
    with pytest.raises(VoiceError) as voice:
        VoicePack.load(tmp_path / "no-such-pack")
    caught.append((VoiceError, voice.value))
    return caught


def test_each_drivers_failure_is_a_device_error_with_both_sentences(tmp_path: Path) -> None:
    caught = failures(tmp_path)
    assert [type(err) for _, err in caught] == [PrinterNotFound, BusNotFound, VoicePackError]
    for driver_base, err in caught:
        assert isinstance(err, DeviceError) and isinstance(err, driver_base)
        assert err.message_zh and err.message_en and err.message_zh != err.message_en
        assert str(err) == f"{err.message_zh} / {err.message_en}"  # one line a log reader in either language reads
        assert err.message("zh_CN") == err.message_zh and err.message("en") == err.message_en
    printer_err, bus_err = caught[0][1], caught[1][1]
    assert isinstance(printer_err.__cause__, OSError)  # translated at the boundary, the cause kept for the log
    assert bus_err.__cause__ is not None


def test_a_handler_for_one_device_kind_does_not_swallow_another() -> None:
    with pytest.raises(PlayerError):
        try:
            raise PlayerError("no audio output device", "找不到音频输出设备")
        except (PrinterError, BusError):
            pytest.fail("a printer or bus handler caught a voice failure")
    assert PlayerError().message_zh == PlayerError.default_zh  # each kind keeps its own default words
    assert not issubclass(PrinterError, VoiceError) and not issubclass(BusError, PrinterError)
