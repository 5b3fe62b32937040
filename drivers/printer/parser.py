"""Read back every ESC/POS byte this package emits into a structured job (tests, virtual printer, .txt/.png).

Strict by default: an unknown command raises ParseError, so a test notices stray bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from PIL import Image

from .textwidth import display_width
from .tokens import ParseError, Token, tokenize

Align = Literal["left", "center", "right"]
_ALIGNS: tuple[Align, ...] = ("left", "center", "right")
_QR_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}


@dataclass(frozen=True)
class TextRun:
    """Text printed with one style; `width`/`height` are the GS ! magnifications."""

    text: str
    width: int = 1
    height: int = 1
    bold: bool = False
    reverse: bool = False
    chinese_mode: bool = False


@dataclass(frozen=True)
class TextLine:
    runs: tuple[TextRun, ...]
    align: Align

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class QrCode:
    content: str
    module_dots: int
    error_level: str
    model: int
    align: Align


@dataclass(frozen=True)
class Barcode:
    system: int
    content: str
    align: Align


@dataclass(frozen=True)
class RasterImage:
    width_bytes: int
    rows: int
    data: bytes  # 1 = black dot, MSB leftmost

    def to_image(self) -> Image.Image:
        """The band as a Pillow "1" image (white paper, black dots)."""
        inverted = bytes(255 - b for b in self.data)
        return Image.frombytes("1", (self.width_bytes * 8, self.rows), inverted)


@dataclass(frozen=True)
class Feed:
    lines: int


@dataclass(frozen=True)
class Cut:
    mode: Literal["full", "partial"]


Element = TextLine | QrCode | Barcode | RasterImage | Feed | Cut


@dataclass
class ParsedJob:
    elements: list[Element] = field(default_factory=list)
    status_requests: list[int] = field(default_factory=list)

    @property
    def lines(self) -> list[TextLine]:
        return [e for e in self.elements if isinstance(e, TextLine)]

    @property
    def qr_codes(self) -> list[QrCode]:
        return [e for e in self.elements if isinstance(e, QrCode)]

    @property
    def images(self) -> list[RasterImage]:
        return [e for e in self.elements if isinstance(e, RasterImage)]

    @property
    def cuts(self) -> list[Cut]:
        return [e for e in self.elements if isinstance(e, Cut)]

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def reading(self, columns: int = 48) -> str:
        """A plain-text reading of the paper (the virtual printer's .txt): the words, centred as printed;
        character sizes are left to the .png."""
        out: list[str] = []
        for element in self.elements:
            if isinstance(element, TextLine):
                body = element.text.rstrip()
                width = display_width(body)
                pad = {"left": 0, "center": (columns - width) // 2, "right": columns - width}[element.align]
                out.append(" " * max(0, pad) + body if body else "")
            elif isinstance(element, QrCode):
                out.append(f"[QR {element.content}]")
            elif isinstance(element, Barcode):
                out.append(f"[barcode {element.content}]")
            elif isinstance(element, RasterImage):
                out.append(f"[image {element.width_bytes * 8}x{element.rows}]")
            elif isinstance(element, Feed):
                out.extend([""] * element.lines)
            else:
                out.append(f"{'-' * 10} {element.mode} cut {'-' * 10}")
        return "\n".join(out) + "\n"


class _State:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.chinese = False
        self.bold = False
        self.reverse = False
        self.width = 1
        self.height = 1
        self.align: Align = "left"
        self.runs: list[TextRun] = []
        self.qr_model = 2
        self.qr_size = 3
        self.qr_level = "L"
        self.qr_data = b""


def parse(data: bytes, encoding: str = "gb18030") -> ParsedJob:
    tokens, end = tokenize(data, strict=True)
    if end != len(data):
        raise ParseError(f"job ends inside a command at byte {end}")
    job = ParsedJob()
    state = _State()
    for token in tokens:
        _apply(token, state, job, encoding)
    if state.runs:  # text without a final LF stays in the printer buffer; show it anyway
        job.elements.append(TextLine(tuple(state.runs), state.align))
    return job


def _decode(raw: bytes, chinese: bool, encoding: str) -> str:
    if chinese:
        return raw.decode(encoding)
    # Outside Chinese mode a byte >= 0x80 is a code-page character we never send: show it, don't guess.
    return raw.decode("ascii", errors="replace")


def _apply(token: Token, state: _State, job: ParsedJob, encoding: str) -> None:
    name, params = token.name, token.params
    if name == b"":
        state.runs.append(TextRun(_decode(token.payload, state.chinese, encoding), state.width, state.height,
                                  state.bold, state.reverse, state.chinese))
    elif name == b"\n":
        job.elements.append(TextLine(tuple(state.runs), state.align))
        state.runs = []
    elif name == b"\r":
        pass  # CR is ignored by printers when LF follows (auto line feed off)
    elif name == b"\x1b@":
        state.reset()
    elif name == b"\x1ba":
        state.align = _ALIGNS[params[0] % 48 if params[0] >= 48 else params[0]]
    elif name == b"\x1bE":
        state.bold = bool(params[0] & 1)
    elif name == b"\x1dB":
        state.reverse = bool(params[0] & 1)
    elif name == b"\x1d!":
        state.width, state.height = (params[0] >> 4) + 1, (params[0] & 0x0F) + 1
    elif name == b"\x1c&":
        state.chinese = True
    elif name == b"\x1c.":
        state.chinese = False
    elif name == b"\x1bd":
        _flush(state, job)
        job.elements.append(Feed(params[0]))
    elif name == b"\x1dV":
        _flush(state, job)
        job.elements.append(Cut("full" if params[0] in (0, 48, 65) else "partial"))
    elif name == b"\x1d(k":
        _qr(token.payload, state, job)
    elif name == b"\x1dv0":
        _flush(state, job)
        width_bytes = params[1] | params[2] << 8
        rows = params[3] | params[4] << 8
        job.elements.append(RasterImage(width_bytes, rows, token.payload))
    elif name == b"\x1dk":
        content = token.payload.rstrip(b"\x00").decode("ascii", errors="replace")
        job.elements.append(Barcode(params[0], content, state.align))
    elif name == b"\x10\x04":
        job.status_requests.append(params[0])
    elif name in (b"\x1dh", b"\x1dw", b"\x1dH", b"\x1df", b"\x1b3", b"\x1b2", b"\x1bt", b"\x1cC"):
        pass  # layout settings that do not change what the parsed job says
    else:
        raise ParseError(f"command {name.hex(' ')} not supported by the parser")


def _flush(state: _State, job: ParsedJob) -> None:
    if state.runs:
        job.elements.append(TextLine(tuple(state.runs), state.align))
        state.runs = []


def _qr(payload: bytes, state: _State, job: ParsedJob) -> None:
    if len(payload) < 2 or payload[0] != 49:
        raise ParseError("GS ( k for a symbol other than QR")
    fn, args = payload[1], payload[2:]
    if fn == 65:
        state.qr_model = args[0] - 48
    elif fn == 67:
        state.qr_size = args[0]
    elif fn == 69:
        state.qr_level = _QR_LEVELS[args[0]]
    elif fn == 80:
        state.qr_data = args[1:]  # args[0] is m = 48
    elif fn == 81:
        _flush(state, job)
        job.elements.append(QrCode(state.qr_data.decode("utf-8"), state.qr_size, state.qr_level,
                                   state.qr_model, state.align))
    else:
        raise ParseError(f"GS ( k QR function {fn} not supported")
