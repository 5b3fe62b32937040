"""The whole bus over real serial devices: an os.openpty() pair, a socat pty pair, and pyserial's loop://."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest

from drivers.bus import Bus, BusNotFound, BusSimulator, InvalidBusURI, KeypadAction, parse_bus_uri
from drivers.bus.frame import Frame
from drivers.bus.ptypair import PtyPair
from drivers.bus.transport import SerialBusTransport
from tests.drivers.bus.bus_helpers import FrameWatch, Recorder

needs_socat = pytest.mark.skipif(shutil.which("socat") is None, reason="socat not installed")


@pytest.mark.parametrize("make_pair", [PtyPair.openpty, pytest.param(PtyPair.socat, marks=needs_socat)],
                         ids=["openpty", "socat"])
def test_keypad_sign_and_evaluator_over_a_pty_pair(make_pair: Callable[[], PtyPair], recorder: Recorder) -> None:
    with make_pair() as pair, BusSimulator(pair.device) as sim:
        bus = Bus.from_uri(pair.host_path)
        bus.add_listener(recorder)
        bus.start()
        # pyserial empties the input buffer when it opens a port: keys pressed before that are gone.
        assert recorder.next_of("connection")[1] is True
        try:
            _exercise(bus, sim, recorder)
        finally:
            bus.stop()


def _exercise(bus: Bus, sim: BusSimulator, recorder: Recorder) -> None:
    sim.press(1, "call")
    assert recorder.next_of("key") == ("key", 1, KeypadAction.CALL)
    bus.show_number(1, "A001")
    bus.beep(1)
    sim.press(1, "6", "confirm")
    assert recorder.next_of("key") == ("key", 1, KeypadAction.NO_SHOW)
    sim.rate(2, 5)
    assert recorder.next_of("rating") == ("rating", 2, 5)
    assert sim.wait_acknowledged(), sim.unacknowledged
    assert sim.wait_for(lambda: sim.device(1).beeps == 1)
    assert sim.device(1).shown == ["001"]
    assert sim.unexpected == []


def test_serial_transport_round_trip_on_loop() -> None:
    transport = SerialBusTransport("loop://")
    try:
        transport.write(bytes.fromhex("FF 68 02 02 68 01 03 04 16"))
        assert transport.read(64, 1.0) == bytes.fromhex("FF 68 02 02 68 01 03 04 16")
        assert transport.read(64, 0.01) == b""
    finally:
        transport.close()


def test_bus_hearing_its_own_commands_on_loop_does_not_echo_them() -> None:
    # An adapter that hears its own transmissions: the host must not answer its own sign/beep frames,
    # or the line would fill with one frame bouncing forever.
    watch = FrameWatch()
    with Bus.from_uri("loop://") as bus:
        bus.add_listener(watch)
        bus.show_number(7, "B120")
        assert watch.frames.get(timeout=5) == Frame(7, 0x02, bytes.fromhex("0A 0A 0A 01 02 00"))
        bus.beep(7)
        assert watch.frames.get(timeout=5) == Frame(7, 0x03)
    status = bus.status()
    assert (status.frames_out, status.frames_in) == (2, 2)


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("serial:///dev/ttyUSB0?baud=9600", ("/dev/ttyUSB0", 9600)),
        ("serial:///dev/ttyUSB1?baud=19200", ("/dev/ttyUSB1", 19200)),
        ("/dev/pts/3", ("/dev/pts/3", 9600)),
        ("/dev/ttyUSB0?baud=4800", ("/dev/ttyUSB0", 4800)),
        ("loop://", ("loop://", 9600)),
    ],
)
def test_bus_uris(uri: str, expected: tuple[str, int]) -> None:
    assert parse_bus_uri(uri) == expected


@pytest.mark.parametrize("uri", ["tcp://10.0.0.5:9100", "serial://", "serial:///dev/ttyUSB0?baud=fast"])
def test_bad_bus_uris(uri: str) -> None:
    with pytest.raises(InvalidBusURI):
        parse_bus_uri(uri)


def test_missing_port_is_bus_not_found_in_chinese() -> None:
    with pytest.raises(BusNotFound) as caught:
        SerialBusTransport("serial:///dev/ttyUSB-nonexistent")
    assert "找不到" in caught.value.message_zh
    assert caught.value.__cause__ is not None
