"""The bus host against simulated devices on an in-memory cable: what a clerk and a citizen would notice."""

from __future__ import annotations

import threading

from drivers.bus import (
    FOUR_KEY,
    Bus,
    BusIOError,
    BusListener,
    BusNotFound,
    BusSimulator,
    BusTransport,
    KeypadAction,
    pipe_pair,
)
from drivers.bus.frame import Frame
from drivers.bus.transport import PipeTransport
from tests.drivers.bus.bus_helpers import Recorder

A = KeypadAction


def test_call_key_becomes_call_and_is_echoed(wired: tuple[Bus, BusSimulator], recorder: Recorder) -> None:
    _, sim = wired
    sim.press(1, "call")
    assert recorder.next_of("key") == ("key", 1, A.CALL)
    assert sim.wait_acknowledged()
    assert sim.received == [Frame(1, 0x01, b"\x0c")]  # the exact frame came back: FF 68 03 03 68 01 01 0C 0E 16


def test_six_then_confirm_is_no_show_and_every_key_is_echoed(wired: tuple[Bus, BusSimulator],
                                                             recorder: Recorder) -> None:
    _, sim = wired
    sim.press(1, "confirm")  # a lone confirm: nothing happens…
    sim.press(1, "6", "confirm")
    sim.press(1, "0", "confirm")
    assert recorder.next_of("key") == ("key", 1, A.NO_SHOW)  # …so the first action is the no-show
    assert recorder.next_of("key") == ("key", 1, A.HOLD)
    assert sim.wait_acknowledged()
    assert sim.device(1).acks == 5


def test_evaluator_rating_is_acknowledged_with_func_01(wired: tuple[Bus, BusSimulator], recorder: Recorder) -> None:
    _, sim = wired
    sim.rate(2, 1)
    assert recorder.next_of("rating") == ("rating", 2, 1)
    assert sim.wait_acknowledged()
    assert sim.received == [Frame(2, 0x01, b"\x05")]  # 5-key: 非常不满意 is the fifth key


def test_four_key_evaluator_by_address(recorder: Recorder) -> None:
    host, device = pipe_pair()
    bus = Bus(lambda: host, evaluator_layouts={3: FOUR_KEY})
    bus.add_listener(recorder)
    with BusSimulator(device) as sim, bus:
        sim.device(3, FOUR_KEY)
        sim.rate(3, 2)  # 不满意: the fourth and last key
        sim.rate(4, 2)  # a 5-key evaluator at 4: 不满意 is also the fourth key, here the same level
        assert recorder.next_of("rating") == ("rating", 3, 2)
        assert recorder.next_of("rating") == ("rating", 4, 2)
        assert sim.wait_acknowledged()
        assert sim.received[0] == Frame(3, 0x01, b"\x04")


def test_numbers_and_beeps_reach_the_sign_without_ping_pong(wired: tuple[Bus, BusSimulator],
                                                            recorder: Recorder) -> None:
    bus, sim = wired
    bus.show_number(1, "A001")
    bus.beep(1)
    bus.show_number(1, "B120")
    bus.show_number(1, None)
    assert sim.wait_for(lambda: len(sim.device(1).shown) == 3 and sim.device(1).beeps == 1)
    # The sim echoes each command like a real keypad; had the host echoed those echoes back, the sign would
    # have seen more frames. A key press afterwards proves the line is quiet and in order.
    sim.press(1, "call")
    assert recorder.next_of("key") == ("key", 1, A.CALL)
    assert sim.wait_acknowledged()
    assert sim.device(1).shown == ["001", "120", None]
    assert sim.device(1).beeps == 1
    assert sim.unexpected == []


def test_listeners_hear_only_their_addresses(wired: tuple[Bus, BusSimulator], recorder: Recorder) -> None:
    bus, sim = wired
    window_1 = Recorder()
    bus.add_listener(window_1, addresses=[1, 11])
    sim.press(2, "call")
    sim.rate(11, 5)
    sim.press(1, "recall")
    assert window_1.next_of("rating") == ("rating", 11, 5)
    assert window_1.next_of("key") == ("key", 1, A.RECALL)
    assert window_1.events.empty()
    assert recorder.next_of("key") == ("key", 2, A.CALL)


def test_a_failing_listener_does_not_stop_the_bus(wired: tuple[Bus, BusSimulator], recorder: Recorder) -> None:
    bus, sim = wired

    class Broken(BusListener):
        def on_key(self, addr: int, action: KeypadAction) -> None:
            raise RuntimeError("bug in a front-end")

    bus.add_listener(Broken())
    after = Recorder()
    bus.add_listener(after)  # listeners run in order, so this one hears each key after Broken has failed
    sim.press(1, "call")
    sim.press(1, "pause")
    assert after.next_of("key")[2] is A.CALL
    assert after.next_of("key")[2] is A.PAUSE
    assert bus.status().listener_errors == 2


def test_noise_and_a_keypad_reset_mid_frame_are_survived(wired: tuple[Bus, BusSimulator], recorder: Recorder) -> None:
    bus, sim = wired
    sim.write_raw(b"\x00\x13\x68\x16")
    sim.write_raw(bytes.fromhex("FF 68 03 03 68 01"))  # keypad reset halfway through a frame
    sim.press(1, "transfer")
    assert recorder.next_of("key") == ("key", 1, A.TRANSFER)
    assert sim.wait_acknowledged()
    status = bus.status()
    assert status.bytes_discarded >= 10
    assert status.frames_in == 1
    assert 1 in status.last_heard


class FlakyTransport:
    """The host end of the cable, failing the next write on demand (an adapter pulled out for a moment)."""

    def __init__(self, inner: PipeTransport) -> None:
        self.inner = inner
        self.fail_next_write = False

    def write(self, data: bytes) -> None:
        if self.fail_next_write:
            self.fail_next_write = False
            raise BusIOError("adapter gone")
        self.inner.write(data)

    def read(self, max_bytes: int, timeout: float) -> bytes:
        return self.inner.read(max_bytes, timeout)

    def close(self) -> None:
        """The cable outlives the reconnect."""


def test_lost_port_is_reported_reopened_and_the_sign_restored(recorder: Recorder) -> None:
    host, device = pipe_pair()
    flaky = FlakyTransport(host)
    opened = 0
    refused = BusNotFound("no /dev/ttyUSB0")

    def opener() -> BusTransport:
        nonlocal opened
        opened += 1
        if opened == 1:
            raise refused
        return flaky

    bus = Bus(opener, backoff=(0.01, 0.02))
    bus.add_listener(recorder)
    with BusSimulator(device) as sim, bus:
        assert recorder.next() == ("connection", False, refused)
        assert recorder.next() == ("connection", True, None)
        flaky.fail_next_write = True
        bus.show_number(1, "A007")
        event = recorder.next()
        assert event[:2] == ("connection", False) and isinstance(event[2], BusIOError)
        assert recorder.next() == ("connection", True, None)
        assert sim.wait_for(lambda: sim.device(1).showing == "007")
        assert bus.status().frames_dropped == 1


def test_a_port_that_stays_away_is_reported_once(recorder: Recorder) -> None:
    tries = threading.Semaphore(0)

    def opener() -> BusTransport:
        tries.release()
        raise BusNotFound("no /dev/ttyUSB0")

    with Bus(opener, backoff=(0.001, 0.002)) as bus:
        bus.add_listener(recorder)
        for _ in range(4):
            assert tries.acquire(timeout=5)
    events = [recorder.events.get_nowait() for _ in range(recorder.events.qsize())]
    assert len(events) <= 1  # the listener may have been added after the first report, never more than one
    status = bus.status()
    assert not status.connected and isinstance(status.last_error, BusNotFound)


def test_commands_never_block_while_the_port_is_down() -> None:
    never = threading.Event()

    def opener() -> BusTransport:
        raise BusNotFound("unplugged")

    with Bus(opener, backoff=(0.01, 0.01)) as bus:
        for n in range(200):
            bus.show_number(1, f"A{n:03d}")
            bus.beep(1)
        assert not never.is_set()
    assert bus.status().frames_out == 0


def test_a_bug_in_the_reader_is_reported_not_hidden(recorder: Recorder) -> None:
    class Exploding:
        def write(self, data: bytes) -> None: ...

        def read(self, max_bytes: int, timeout: float) -> bytes:
            raise ZeroDivisionError("driver bug")

        def close(self) -> None: ...

    hooked = threading.Event()
    previous = threading.excepthook
    threading.excepthook = lambda args: hooked.set()  # the crash is expected; keep it out of the test log
    try:
        with Bus(lambda: Exploding()) as bus:
            bus.add_listener(recorder)
            assert hooked.wait(5)
    finally:
        threading.excepthook = previous
    status = bus.status()
    assert not status.connected and "ZeroDivisionError" in str(status.last_error)
