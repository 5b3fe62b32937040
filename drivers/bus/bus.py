"""The bus host: one reader thread, one writer thread, listeners per device address.

The reader decodes frames, acknowledges them (echo for keys, FUNC 0x01 for evaluator results) and tells
listeners what happened. Commands (show a number, beep) and acknowledgements go through one queue to the
writer, so the caller never waits on the port and the bytes of two frames never interleave. A lost port is
reported once and reopened with backoff; the last number on each sign is sent again after a reconnect.
Listeners run on the reader thread: a Qt front-end goes through ``QtBusBridge`` (qt.py).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import BusError
from .frame import Frame, FrameDecoder
from .roles import (
    FIVE_KEY,
    FUNC_BEEP,
    FUNC_KEY,
    FUNC_RATING,
    FUNC_SHOW,
    EvaluatorLayout,
    KeypadAction,
    KeypadEntry,
    beep_frame,
    key_of,
    rating_ack_frame,
    show_number_frame,
)
from .transport import BusTransport, open_transport

log = logging.getLogger(__name__)


class BusListener:
    """Override what you need. Called on the bus reader thread; keep it quick and never block it."""

    def on_key(self, addr: int, action: KeypadAction) -> None:
        """A keypad at *addr* asked for *action* (digit+confirm combinations already resolved)."""

    def on_rating(self, addr: int, level: int) -> None:
        """The evaluator at *addr* gave *level* (5 非常满意 … 1 非常不满意); already acknowledged."""

    def on_connection(self, connected: bool, error: BusError | None) -> None:
        """The port opened, or was lost / could not be opened (*error* says why); retried with backoff."""

    def on_frame(self, frame: Frame) -> None:
        """Every well-formed frame from the bus, before interpretation (diagnostics, bus monitors)."""


@dataclass(frozen=True)
class BusStatus:
    connected: bool
    frames_in: int
    frames_out: int
    frames_dropped: int  # commands/acks not sent because the port was down
    bytes_discarded: int
    frames_rejected: int
    listener_errors: int
    last_error: BusError | None
    last_heard: dict[int, float] = field(default_factory=dict)  # addr → clock() of its last frame


class Bus:
    def __init__(
        self,
        opener: Callable[[], BusTransport],
        *,
        evaluator_layouts: Mapping[int, EvaluatorLayout] | None = None,
        default_layout: EvaluatorLayout = FIVE_KEY,
        letters: Mapping[str, int] | None = None,
        clock: Callable[[], float] = time.monotonic,
        read_timeout: float = 0.05,
        frame_gap: float = 0.1,
        backoff: tuple[float, float] = (0.5, 5.0),
        name: str = "bus",
    ) -> None:
        self._opener = opener
        self._layouts = dict(evaluator_layouts or {})
        self._default_layout = default_layout
        self._letters = letters
        self._clock = clock
        self._read_timeout = read_timeout
        self._frame_gap = frame_gap  # silence after which a partial frame is given up (device reset mid-frame)
        self._backoff = backoff
        self.name = name

        self._lock = threading.Lock()
        self._listeners: list[tuple[BusListener, frozenset[int] | None]] = []
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._transport: BusTransport | None = None
        self._broken: tuple[BusTransport, BusError] | None = None
        self._keypads: dict[int, KeypadEntry] = {}
        self._shown: dict[int, bytes] = {}
        self._decoder = FrameDecoder()
        self._frames_in = self._frames_out = self._dropped = self._listener_errors = 0
        self._last_error: BusError | None = None
        self._last_heard: dict[int, float] = {}

    @classmethod
    def from_uri(cls, uri: str, **options: Any) -> Bus:
        """A bus on ``serial:///dev/ttyUSB0?baud=9600``, ``/dev/pts/N`` or ``loop://``; opened by start()."""
        return cls(lambda: open_transport(uri), name=uri, **options)

    # -- listeners -------------------------------------------------------------------------------------

    def add_listener(self, listener: BusListener, addresses: Iterable[int] | None = None) -> None:
        """Subscribe *listener* to the devices at *addresses* (all when None)."""
        with self._lock:
            self._listeners.append((listener, None if addresses is None else frozenset(addresses)))

    def remove_listener(self, listener: BusListener) -> None:
        with self._lock:
            self._listeners = [(x, a) for x, a in self._listeners if x is not listener]

    # -- lifecycle -------------------------------------------------------------------------------------

    def start(self) -> None:
        if self._threads:
            raise RuntimeError("bus already started")
        self._threads = [
            threading.Thread(target=self._read_loop, name=f"bus-reader {self.name}", daemon=True),
            threading.Thread(target=self._write_loop, name=f"bus-writer {self.name}", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Send what is queued, then close the port; returns once both threads have ended."""
        self._outbox.put(None)
        if self._threads:
            self._threads[1].join(timeout)
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)
        if self._transport is not None:  # never started, or the reader could not finish in time
            self._close_transport()

    def __enter__(self) -> Bus:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- commands (any thread, never blocking) ---------------------------------------------------------

    def show_number(self, addr: int, number: str | None) -> None:
        """Show *number* ("A001" → "   001") on the keypad/sign at *addr*; None blanks it."""
        frame = show_number_frame(addr, number, self._letters).encode()
        with self._lock:
            self._shown[addr] = frame
        self._outbox.put(frame)

    def beep(self, addr: int) -> None:
        self.send(beep_frame(addr))

    def send(self, frame: Frame) -> None:
        self._outbox.put(frame.encode())

    def status(self) -> BusStatus:
        with self._lock:
            return BusStatus(
                connected=self._transport is not None,
                frames_in=self._frames_in,
                frames_out=self._frames_out,
                frames_dropped=self._dropped,
                bytes_discarded=self._decoder.discarded,
                frames_rejected=self._decoder.rejected,
                listener_errors=self._listener_errors,
                last_error=self._last_error,
                last_heard=dict(self._last_heard),
            )

    # -- threads ---------------------------------------------------------------------------------------

    def _read_loop(self) -> None:
        try:
            self._read_until_stopped()
        except Exception as err:
            # A bug here would otherwise end the thread quietly while status() still said "connected":
            # close the port, tell the listeners the bus is down, and let the thread's excepthook log it.
            self._close_transport()
            self._report_connection(False, BusError(f"bus reader stopped: {err!r}"))
            raise

    def _read_until_stopped(self) -> None:
        delay = self._backoff[0]
        last_byte_at = self._clock()
        while not self._stop.is_set():
            transport = self._transport
            if transport is None:
                if not self._connect():
                    self._stop.wait(delay)
                    delay = min(delay * 2, self._backoff[1])
                    continue
                delay = self._backoff[0]
                continue
            with self._lock:
                broken = self._broken if self._broken and self._broken[0] is transport else None
            if broken is not None:
                self._disconnect(broken[1])
                continue
            try:
                chunk = transport.read(256, self._read_timeout)
            except BusError as err:
                self._disconnect(err)
                continue
            now = self._clock()
            if chunk:
                last_byte_at = now
                for frame in self._decoder.feed(chunk):
                    self._handle(frame, now)
            elif self._decoder.pending and now - last_byte_at >= self._frame_gap:
                log.debug("%s: dropped %d bytes of an unfinished frame", self.name, self._decoder.flush())
        self._close_transport()

    def _write_loop(self) -> None:
        while (data := self._outbox.get()) is not None:
            with self._lock:
                transport = self._transport
            if transport is None:
                with self._lock:
                    self._dropped += 1
                continue
            try:
                transport.write(data)
            except BusError as err:
                with self._lock:
                    self._broken = (transport, err)
                    self._dropped += 1
                continue
            with self._lock:
                self._frames_out += 1

    def _connect(self) -> bool:
        try:
            transport = self._opener()
        except BusError as err:
            self._report_connection(False, err)
            return False
        with self._lock:
            self._transport = transport
            self._broken = None
            resend = list(self._shown.values())
        self._decoder.flush()
        for frame in resend:  # a sign that lost power with the adapter shows the right number again
            self._outbox.put(frame)
        self._report_connection(True, None)
        return True

    def _disconnect(self, err: BusError) -> None:
        self._close_transport()
        self._report_connection(False, err)

    def _close_transport(self) -> None:
        with self._lock:
            transport, self._transport = self._transport, None
        if transport is not None:
            try:
                transport.close()
            except OSError as err:  # closing a port that is already gone: nothing left to do but say so
                log.warning("%s: closing the port failed: %s", self.name, err)

    def _report_connection(self, connected: bool, error: BusError | None) -> None:
        with self._lock:
            repeated = (not connected and error is not None and self._last_error is not None
                        and str(self._last_error) == str(error))
            self._last_error = error
        if repeated:
            return  # the same failure on every retry is reported once, not every backoff period
        if error is not None:
            log.warning("%s: %s", self.name, error)
        self._notify(None, lambda listener: listener.on_connection(connected, error))

    def _handle(self, frame: Frame, now: float) -> None:
        with self._lock:
            self._frames_in += 1
            self._last_heard[frame.addr] = now
        if frame.func == FUNC_RATING:
            self._outbox.put(rating_ack_frame(frame).encode())
        elif frame.func not in (FUNC_SHOW, FUNC_BEEP):
            self._outbox.put(frame.encode())
        # FUNC_SHOW/FUNC_BEEP coming in are a device echoing our own command: echoing them back would
        # make the two ends bounce one frame forever.
        self._notify(frame.addr, lambda listener: listener.on_frame(frame))
        if frame.func == FUNC_KEY and (key := key_of(frame)) is not None:
            action = self._keypads.setdefault(frame.addr, KeypadEntry()).press(key, now)
            if action is not None:
                self._notify(frame.addr, lambda listener: listener.on_key(frame.addr, action))
        elif frame.func == FUNC_RATING:
            level = self._layouts.get(frame.addr, self._default_layout).level_of(frame)
            if level is None:
                log.warning("%s: evaluator %d sent an unknown key: %s", self.name, frame.addr, frame)
            else:
                self._notify(frame.addr, lambda listener: listener.on_rating(frame.addr, level))

    def _notify(self, addr: int | None, call: Callable[[BusListener], None]) -> None:
        with self._lock:
            listeners = [x for x, addrs in self._listeners if addr is None or addrs is None or addr in addrs]
        for listener in listeners:
            try:
                call(listener)
            except Exception:
                # A listener's bug must not stop the bus for every other window; it is logged with its
                # traceback and counted in status().
                log.exception("%s: listener %r failed", self.name, listener)
                with self._lock:
                    self._listener_errors += 1
