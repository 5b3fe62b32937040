"""Pure ESC/POS byte builders: every command this package emits, and nothing else.

Kept free of I/O so tests pin them by exact bytes. Command references: Epson ESC/POS Application
Programming Guide (the Chinese clones we meet in halls follow it for these commands).
"""

from __future__ import annotations

from typing import Literal

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
DLE = b"\x10"
EOT = b"\x04"
LF = b"\n"

INIT = ESC + b"@"
CHINESE_ON = FS + b"&"  # FS &: select Chinese (Kanji) character mode
CHINESE_OFF = FS + b"."  # FS .: cancel it, back to the single-byte code table for Latin text

Align = Literal["left", "center", "right"]
_ALIGN = {"left": 0, "center": 1, "right": 2}

# DLE EOT n: real-time status transmission (n=1 printer, 2 offline cause, 3 error cause, 4 paper sensor).
STATUS_PRINTER = 1
STATUS_OFFLINE_CAUSE = 2
STATUS_ERROR_CAUSE = 3
STATUS_PAPER = 4

QR_ERROR_LEVELS = {"L": 48, "M": 49, "Q": 50, "H": 51}


def status_query(n: int) -> bytes:
    """DLE EOT n."""
    if n not in (1, 2, 3, 4):
        raise ValueError("DLE EOT n must be 1..4")
    return DLE + EOT + bytes([n])


def align(where: Align) -> bytes:
    """ESC a n."""
    return ESC + b"a" + bytes([_ALIGN[where]])


def bold(on: bool) -> bytes:
    """ESC E n."""
    return ESC + b"E" + (b"\x01" if on else b"\x00")


def reverse(on: bool) -> bytes:
    """GS B n: white on black, used for the green-channel mark."""
    return GS + b"B" + (b"\x01" if on else b"\x00")


def char_size(width: int = 1, height: int = 1) -> bytes:
    """GS ! n: width/height magnification 1..8 (high nibble width-1, low nibble height-1)."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("character magnification must be 1..8")
    return GS + b"!" + bytes([(width - 1) << 4 | (height - 1)])


def feed_lines(n: int) -> bytes:
    """ESC d n: print and feed n lines."""
    if not 0 <= n <= 255:
        raise ValueError("feed must be 0..255 lines")
    return ESC + b"d" + bytes([n])


def cut(mode: Literal["full", "partial"], feed: int = 3) -> bytes:
    """GS V m n (function B): feed n motion units to the cutter position plus n, then cut."""
    if not 0 <= feed <= 255:
        raise ValueError("cut feed must be 0..255")
    return GS + b"V" + (b"A" if mode == "full" else b"B") + bytes([feed])


def text(content: str, encoding: str = "gb18030") -> bytes:
    """Text with Chinese runs wrapped in FS & … FS . and everything else sent as ASCII.

    python-escpos would turn full-width punctuation into '?' and never enter Chinese mode (DESIGN §6), so
    every non-ASCII character goes through the printer's double-byte mode in *encoding*. ASCII stays in
    single-byte mode, where the printer uses its Latin font.
    """
    out = bytearray()
    run: list[str] = []
    chinese = False
    for ch in content:
        wide = ord(ch) >= 0x80
        if wide != chinese and run:
            out += _run(run, chinese, encoding)
            run = []
        chinese = wide
        run.append(ch)
    if run:
        out += _run(run, chinese, encoding)
    return bytes(out)


def _run(chars: list[str], chinese: bool, encoding: str) -> bytes:
    piece = "".join(chars)
    if chinese:
        # A character the encoding lacks is a bug in our text, not something to print as '?'.
        return CHINESE_ON + piece.encode(encoding) + CHINESE_OFF
    return piece.encode("ascii")


def _gs_k(fn: int, payload: bytes) -> bytes:
    """GS ( k pL pH cn=49 (QR) fn payload."""
    size = len(payload) + 2
    if size > 0xFFFF:
        raise ValueError("QR data too long")
    return GS + b"(k" + size.to_bytes(2, "little") + bytes([49, fn]) + payload


def qr(content: str, module_dots: int = 6, error_level: str = "M") -> bytes:
    """Native QR: model 2 (fn 65), module size (fn 67), error level (fn 69), store (fn 80), print (fn 81)."""
    if not 1 <= module_dots <= 16:
        raise ValueError("QR module size must be 1..16 dots")
    data = content.encode("utf-8")
    if not data:
        raise ValueError("QR content must not be empty")
    return (
        _gs_k(65, bytes([50, 0]))
        + _gs_k(67, bytes([module_dots]))
        + _gs_k(69, bytes([QR_ERROR_LEVELS[error_level]]))
        + _gs_k(80, b"0" + data)
        + _gs_k(81, b"0")
    )


def raster_image(width_bytes: int, rows: int, data: bytes) -> bytes:
    """GS v 0 m=0 xL xH yL yH d…: one band of a 1-bit image, MSB is the leftmost dot, 1 is black."""
    if len(data) != width_bytes * rows:
        raise ValueError("raster data length must be width_bytes * rows")
    if not (0 < width_bytes <= 0xFFFF and 0 < rows <= 0xFFFF):
        raise ValueError("raster size out of range")
    return GS + b"v0\x00" + width_bytes.to_bytes(2, "little") + rows.to_bytes(2, "little") + data
