"""Split an ESC/POS byte stream into commands, knowing each command's length.

Shared by the parser (whole jobs) and the simulator (a live stream, where DLE EOT must be recognised but
never inside raster or QR payloads, which can contain the bytes 10 04).
"""

from __future__ import annotations

from dataclasses import dataclass

# Fixed-length commands: prefix -> number of parameter bytes after the prefix.
_FIXED: dict[bytes, int] = {
    b"\x1b@": 0, b"\x1b2": 0, b"\x1ba": 1, b"\x1bE": 1, b"\x1b!": 1, b"\x1bd": 1, b"\x1bJ": 1,
    b"\x1b3": 1, b"\x1bt": 1, b"\x1bM": 1, b"\x1b-": 1, b"\x1bG": 1, b"\x1bR": 1, b"\x1b{": 1,
    b"\x1bp": 3, b"\x1b$": 2, b"\x1bc": 2,
    b"\x1d!": 1, b"\x1dB": 1, b"\x1dh": 1, b"\x1dw": 1, b"\x1dH": 1, b"\x1df": 1, b"\x1dL": 2,
    b"\x1dW": 2, b"\x1da": 1, b"\x1dr": 1,
    b"\x1c&": 0, b"\x1c.": 0, b"\x1cC": 1, b"\x1c!": 1, b"\x1c-": 1, b"\x1cW": 1,
    b"\x10\x04": 1,
}
_PREFIXES = {0x1B, 0x1D, 0x1C, 0x10}


class ParseError(ValueError):
    """Bytes that are not an ESC/POS command we know (a bug in whatever produced them)."""


@dataclass(frozen=True)
class Token:
    """One command (`name` is its prefix bytes, e.g. b"\\x1d!"), or a run of printable text (name b"")."""

    name: bytes
    params: bytes = b""
    payload: bytes = b""
    start: int = 0
    end: int = 0


def _variable(buf: bytes, pos: int, name: bytes) -> tuple[int, int] | None:
    """(params length, payload length) of a variable-length command, or None when incomplete."""
    rest = len(buf) - pos - len(name)
    if name in (b"\x1d(k", b"\x1d(L"):  # pL pH + that many bytes
        if rest < 2:
            return None
        return 2, buf[pos + 3] | buf[pos + 4] << 8
    if name == b"\x1dv0":  # m xL xH yL yH + xL*yL bytes
        if rest < 5:
            return None
        head = buf[pos + 3:pos + 8]
        return 5, (head[1] | head[2] << 8) * (head[3] | head[4] << 8)
    if name == b"\x1dV":  # m, and n when m is 65/66 (function B)
        if rest < 1:
            return None
        return (2 if buf[pos + 2] in (65, 66) else 1), 0
    if name == b"\x1dk":  # m 0..6: NUL-terminated; m 65..73: n then n bytes
        if rest < 1:
            return None
        m = buf[pos + 2]
        if m <= 6:
            nul = buf.find(b"\x00", pos + 3)
            return None if nul < 0 else (1, nul - pos - 3 + 1)
        if rest < 2:
            return None
        return 2, buf[pos + 3]
    if name == b"\x1b*":  # m nL nH + dots*(1 or 3) bytes
        if rest < 3:
            return None
        dots = buf[pos + 3] | buf[pos + 4] << 8
        return 3, dots * (3 if buf[pos + 2] in (32, 33) else 1)
    raise AssertionError(name)


_VARIABLE = (b"\x1d(k", b"\x1d(L", b"\x1dv0", b"\x1dV", b"\x1dk", b"\x1b*")


def next_token(buf: bytes, pos: int, strict: bool = True) -> Token | None:
    """The token starting at *pos*, or None if *buf* ends inside it.

    strict: raise ParseError on an unknown command; otherwise swallow its two prefix bytes as an
    unknown token (the simulator must keep going whatever a client sends).
    """
    first = buf[pos]
    if first not in _PREFIXES:
        # Printable bytes run until the next control byte; GB18030 never uses bytes below 0x30 in its
        # multi-byte characters, so a control byte is never half of a Chinese character.
        end = pos
        while end < len(buf) and buf[end] >= 0x20:
            end += 1
        if end == pos:
            return Token(bytes([first]), start=pos, end=pos + 1)
        return Token(b"", payload=buf[pos:end], start=pos, end=end)
    for name in _VARIABLE:
        if buf.startswith(name, pos):
            sizes = _variable(buf, pos, name)
            if sizes is None:
                return None
            params_len, payload_len = sizes
            head_end = pos + len(name) + params_len
            end = head_end + payload_len
            if end > len(buf):
                return None
            return Token(name, buf[pos + len(name):head_end], buf[head_end:end], pos, end)
    if len(buf) - pos < 2:
        return None
    name = buf[pos:pos + 2]
    if name in _FIXED:
        end = pos + 2 + _FIXED[name]
        if end > len(buf):
            return None
        return Token(name, buf[pos + 2:end], start=pos, end=end)
    if buf.startswith(b"\x1d(", pos) and len(buf) - pos < 3:
        return None
    if strict:
        raise ParseError(f"unknown ESC/POS command {buf[pos:pos + 3].hex(' ')} at byte {pos}")
    return Token(name, start=pos, end=pos + 2)


def tokenize(buf: bytes, strict: bool = True) -> tuple[list[Token], int]:
    """All complete tokens of *buf* and the offset where an incomplete tail starts."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(buf):
        token = next_token(buf, pos, strict)
        if token is None:
            break
        tokens.append(token)
        pos = token.end
    return tokens, pos
