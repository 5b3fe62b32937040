"""Keypads, signs and evaluators on the device side of a cable, speaking FF68 to a host under test.

The simulator presses keys and rates, records what the host sent (numbers shown, beeps, acknowledgements)
and checks that every frame it sent was acknowledged: keys by an exact echo, ratings by FUNC 0x01 to the
evaluator's address with the same data. Like the hall keypads, it echoes the host's commands back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .errors import BusError
from .frame import Frame, FrameDecoder
from .roles import (
    FIVE_KEY,
    FUNC_BEEP,
    FUNC_KEY,
    FUNC_RATING,
    FUNC_SHOW,
    EvaluatorLayout,
    Key,
    number_from_cells,
    rating_ack_frame,
)
from .transport import BusTransport

log = logging.getLogger(__name__)

KEY_NAMES: dict[str, int] = {
    "call": Key.CALL,
    "recall": Key.RECALL,
    "rating": Key.REQUEST_RATING,
    "pause": Key.PAUSE,
    "transfer": Key.TRANSFER,
    "confirm": Key.CONFIRM,
    **{str(digit): digit for digit in range(10)},
}


@dataclass
class SimulatedDevice:
    """Everything one address on the bus has seen from the host."""

    addr: int
    layout: EvaluatorLayout = FIVE_KEY
    shown: list[str | None] = field(default_factory=list)  # as the sign displays it: "001", None = blank
    beeps: int = 0
    acks: int = 0

    @property
    def showing(self) -> str | None:
        return self.shown[-1] if self.shown else None


class BusSimulator:
    def __init__(
        self,
        transport: BusTransport,
        *,
        echo_commands: bool = True,
        letters: Mapping[str, int] | None = None,
        on_event: Callable[[str], None] | None = None,
        name: str = "bus-sim",
    ) -> None:
        self._transport = transport
        self._echo_commands = echo_commands
        self._letters = letters
        self._on_event = on_event
        self.name = name
        self._cond = threading.Condition()
        self._devices: dict[int, SimulatedDevice] = {}
        self._pending: list[Frame] = []  # sent, not yet acknowledged, in order
        self.received: list[Frame] = []  # every frame from the host
        self.unexpected: list[Frame] = []  # host frames no device asked for (stray echoes, unknown functions)
        self.error: BusError | None = None
        self._decoder = FrameDecoder()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"bus-sim {name}", daemon=True)

    # -- devices and actions ---------------------------------------------------------------------------

    def device(self, addr: int, layout: EvaluatorLayout | None = None) -> SimulatedDevice:
        with self._cond:
            device = self._devices.setdefault(addr, SimulatedDevice(addr))
            if layout is not None:
                device.layout = layout
            return device

    def press(self, addr: int, *keys: int | str) -> None:
        """Press keys on the keypad at *addr*: codes or names ("call", "6", "confirm"), one frame each."""
        self.device(addr)
        for key in keys:
            code = KEY_NAMES[key.lower()] if isinstance(key, str) else key
            self.send(Frame(addr, FUNC_KEY, bytes([code])))

    def rate(self, addr: int, level: int) -> None:
        """Press the evaluator key that means *level* on the evaluator at *addr* (its layout decides which)."""
        self.send(Frame(addr, FUNC_RATING, bytes([self.device(addr).layout.index_of(level)])))

    def send(self, frame: Frame) -> None:
        with self._cond:
            self._pending.append(frame)
        self._transport.write(frame.encode())

    def write_raw(self, data: bytes) -> None:
        """Line noise or a hand-made frame; not expected to be acknowledged."""
        self._transport.write(data)

    # -- waiting and checking --------------------------------------------------------------------------

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate() or self.error is not None, timeout) and predicate()

    def wait_acknowledged(self, timeout: float = 5.0) -> bool:
        """True once every frame sent so far has been acknowledged by the host."""
        return self.wait_for(lambda: not self._pending, timeout)

    @property
    def unacknowledged(self) -> list[Frame]:
        with self._cond:
            return list(self._pending)

    # -- lifecycle -------------------------------------------------------------------------------------

    def start(self) -> BusSimulator:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2.0)
        self._transport.close()

    def __enter__(self) -> BusSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                chunk = self._transport.read(256, 0.05)
            except BusError as err:
                if not self._stop.is_set():
                    log.warning("%s: %s", self.name, err)
                    with self._cond:
                        self.error = err
                        self._cond.notify_all()
                return
            for frame in self._decoder.feed(chunk):
                self._handle(frame)

    def _handle(self, frame: Frame) -> None:
        event: str | None = None
        echo = False
        with self._cond:
            self.received.append(frame)
            device = self._devices.setdefault(frame.addr, SimulatedDevice(frame.addr))
            acked = next((p for p in self._pending if _acknowledges(frame, p)), None)
            if acked is not None:
                self._pending.remove(acked)
                device.acks += 1
                event = f"[{frame.addr}] acknowledged {acked}"
            elif frame.func == FUNC_SHOW:
                device.shown.append(number_from_cells(frame.data, self._letters))
                event = f"[{frame.addr}] shows {device.showing or '(blank)'}"
                echo = self._echo_commands
            elif frame.func == FUNC_BEEP:
                device.beeps += 1
                event = f"[{frame.addr}] beep"
                echo = self._echo_commands
            else:
                self.unexpected.append(frame)
                event = f"[{frame.addr}] unexpected {frame}"
            self._cond.notify_all()
        if echo:
            self._transport.write(frame.encode())
        if self._on_event is not None:
            self._on_event(event)


def _acknowledges(answer: Frame, sent: Frame) -> bool:
    if sent.func == FUNC_RATING:
        return answer == rating_ack_frame(sent)
    return answer == sent
