"""The FF68 frame of hall keypads, LED signs and evaluators (DESIGN §6), as pure functions.

    FF 68 L L 68 ADDR FUNC DATA… CS 16

``L`` (sent twice, so a single corrupted length byte is caught) counts ADDR+FUNC+DATA, and
``CS = (ADDR + FUNC + ΣDATA) mod 256``. Nothing here does I/O; the bus and the simulator feed bytes in.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import FrameError

START = 0xFF
MARK = 0x68
END = 0x16
HEADER = bytes((START, MARK))
OVERHEAD = 7  # FF 68 L L 68 … CS 16
MIN_BODY = 2  # ADDR + FUNC
MAX_BODY = 0xFF  # L is one byte


def checksum(addr: int, func: int, data: bytes = b"") -> int:
    return (addr + func + sum(data)) & 0xFF


@dataclass(frozen=True)
class Frame:
    """One frame on the bus; the same shape travels in both directions."""

    addr: int
    func: int
    data: bytes = b""

    def __post_init__(self) -> None:
        if not 0 <= self.addr <= 0xFF or not 0 <= self.func <= 0xFF:
            raise FrameError(f"address and function must be bytes, got addr={self.addr} func={self.func}")
        if len(self.data) > MAX_BODY - MIN_BODY:
            raise FrameError(f"at most {MAX_BODY - MIN_BODY} data bytes fit in a frame, got {len(self.data)}")

    def encode(self) -> bytes:
        length = MIN_BODY + len(self.data)
        body = bytes((self.addr, self.func)) + self.data
        trailer = bytes((checksum(self.addr, self.func, self.data), END))
        return bytes((START, MARK, length, length, MARK)) + body + trailer

    def __str__(self) -> str:
        return f"addr={self.addr} func=0x{self.func:02X} data={self.data.hex(' ').upper() or '-'}"


def encode_frame(addr: int, func: int, data: bytes = b"") -> bytes:
    return Frame(addr, func, bytes(data)).encode()


def decode_frame(raw: bytes) -> Frame:
    """Exactly one frame in *raw*, or FrameError saying what is wrong with it."""
    if len(raw) < OVERHEAD + MIN_BODY or raw[:2] != HEADER or raw[4] != MARK:
        raise FrameError(f"not an FF68 frame: {raw.hex(' ').upper()}")
    length = raw[2]
    if raw[3] != length or length < MIN_BODY:
        raise FrameError(f"length bytes disagree or too small: {raw.hex(' ').upper()}")
    if len(raw) != length + OVERHEAD:
        raise FrameError(f"frame says {length} body bytes but has {len(raw) - OVERHEAD}: {raw.hex(' ').upper()}")
    body = raw[5 : 5 + length]
    if raw[-2] != sum(body) & 0xFF:
        raise FrameError(f"checksum 0x{raw[-2]:02X} should be 0x{sum(body) & 0xFF:02X}: {raw.hex(' ').upper()}")
    if raw[-1] != END:
        raise FrameError(f"frame does not end with 16: {raw.hex(' ').upper()}")
    return Frame(body[0], body[1], bytes(body[2:]))


class FrameDecoder:
    """Turns a byte stream in arbitrary chunks into frames, resynchronising on the next ``FF 68``.

    A candidate that fails its length, checksum or end byte is given up one byte at a time rather than as a
    whole, because its "length" may be garbage that would otherwise swallow a good frame following it.
    A partial frame waits for the rest; the owner calls ``flush()`` when the line has gone quiet, since a
    device that reset mid-frame will never send the rest.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()
        self.discarded = 0  # bytes thrown away as noise
        self.rejected = 0  # candidates with a good header but bad checksum/end byte

    @property
    def pending(self) -> int:
        return len(self._buffer)

    def feed(self, chunk: bytes) -> list[Frame]:
        buf = self._buffer
        buf += chunk
        frames: list[Frame] = []
        while True:
            start = buf.find(HEADER)
            if start < 0:
                # A lone trailing FF may be the first half of the next header.
                self._drop(len(buf) - (1 if buf.endswith(HEADER[:1]) else 0))
                return frames
            self._drop(start)
            if len(buf) < 5:
                return frames
            length = buf[2]
            if buf[3] != length or buf[4] != MARK or length < MIN_BODY:
                self._drop(1)
                continue
            if len(buf) < length + OVERHEAD:
                return frames
            body = bytes(buf[5 : 5 + length])
            if buf[5 + length] != sum(body) & 0xFF or buf[6 + length] != END:
                self.rejected += 1
                self._drop(1)
                continue
            frames.append(Frame(body[0], body[1], body[2:]))
            del buf[: length + OVERHEAD]

    def flush(self) -> int:
        """Forget a partial frame (the line went quiet); returns how many bytes were dropped."""
        dropped = len(self._buffer)
        self._drop(dropped)
        return dropped

    def _drop(self, count: int) -> None:
        if count:
            del self._buffer[:count]
            self.discarded += count
