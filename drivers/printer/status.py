"""Decode DLE EOT answers into a PrinterStatus.

Bit meanings (Epson ESC/POS, DLE EOT): every answer byte has bits 1 and 4 set and bits 0 and 7 clear,
which is how we tell a status byte from noise.
- n=1 printer status: bit 3 = offline.
- n=2 offline cause: bit 2 = cover open, bit 5 = printing stopped by paper end, bit 6 = error.
- n=4 roll paper sensor: bits 2+3 = near end, bits 5+6 = paper out.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PrinterState(StrEnum):
    """The one word the kiosk and the supervisor dashboard show."""

    OK = "ok"
    PAPER_NEAR_END = "paper_near_end"  # still prints; tell staff to change the roll soon
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    UNKNOWN = "unknown"  # no (valid) answer: never treated as OK


_STATE_ZH = {
    PrinterState.OK: "正常",
    PrinterState.PAPER_NEAR_END: "纸将用尽",
    PrinterState.PAPER_OUT: "缺纸",
    PrinterState.COVER_OPEN: "仓盖打开",
    PrinterState.OFFLINE: "离线",
    PrinterState.UNKNOWN: "状态未知（无应答）",
}

_FIXED_MASK = 0b1001_0011
_FIXED_VALUE = 0b0001_0010


def is_status_byte(value: int) -> bool:
    return value & _FIXED_MASK == _FIXED_VALUE


@dataclass(frozen=True)
class PrinterStatus:
    """Structured printer health; `answered` is False when the printer said nothing (or garbage)."""

    answered: bool
    online: bool = False
    cover_open: bool = False
    paper_near_end: bool = False
    paper_out: bool = False
    error: bool = False
    raw: bytes = b""

    @property
    def state(self) -> PrinterState:
        """The most serious condition first: a printer with its cover open is also offline."""
        if not self.answered:
            return PrinterState.UNKNOWN
        if self.paper_out:
            return PrinterState.PAPER_OUT
        if self.cover_open:
            return PrinterState.COVER_OPEN
        if not self.online or self.error:
            return PrinterState.OFFLINE
        if self.paper_near_end:
            return PrinterState.PAPER_NEAR_END
        return PrinterState.OK

    @property
    def can_print(self) -> bool:
        return self.state in (PrinterState.OK, PrinterState.PAPER_NEAR_END)

    @property
    def message_zh(self) -> str:
        return _STATE_ZH[self.state]

    def describe(self) -> str:
        """One line for logs and `print-test`."""
        flags = [name for name in ("online", "cover_open", "paper_near_end", "paper_out", "error")
                 if getattr(self, name)]
        shown = ",".join(flags) or "-"
        return f"{self.state.value} ({self.message_zh}) flags={shown} raw={self.raw.hex(' ')}"


UNKNOWN = PrinterStatus(answered=False)


def decode_status(printer: int | None, offline_cause: int | None, paper: int | None) -> PrinterStatus:
    """Combine the answers to DLE EOT 1, 2 and 4; any missing or malformed answer makes the status unknown.

    A partial answer is still unknown: a printer that answered "online" but not the paper sensor has not
    told us there is paper.
    """
    answers = (printer, offline_cause, paper)
    if any(a is None or not is_status_byte(a) for a in answers):
        raw = bytes(a for a in answers if a is not None)
        return PrinterStatus(answered=False, raw=raw)
    assert printer is not None and offline_cause is not None and paper is not None  # narrowed above
    return PrinterStatus(
        answered=True,
        online=not printer & 0x08,
        cover_open=bool(offline_cause & 0x04),
        error=bool(offline_cause & 0x40),
        # Either bit of a pair counts: printers with one sensor set only one of them.
        paper_near_end=bool(paper & 0x0C),
        paper_out=bool(paper & 0x60) or bool(offline_cause & 0x20),
        raw=bytes((printer, offline_cause, paper)),
    )


def encode_status(
    *, offline: bool = False, cover_open: bool = False, paper_near_end: bool = False, paper_out: bool = False
) -> tuple[int, int, int]:
    """The bytes a printer in that condition answers to DLE EOT 1, 2, 4 (used by the simulators)."""
    stopped = offline or cover_open or paper_out
    printer = _FIXED_VALUE | (0x08 if stopped else 0)
    cause = _FIXED_VALUE | (0x04 if cover_open else 0) | (0x20 if paper_out else 0) | (0x40 if offline else 0)
    paper = _FIXED_VALUE | (0x0C if paper_near_end or paper_out else 0) | (0x60 if paper_out else 0)
    return printer, cause, paper


# Simulated fault states shared by the virtual printer and the network simulator; "silent" never answers.
FAULTS = ("none", "paper-out", "near-end", "cover-open", "offline", "silent")


def fault_answers(fault: str) -> dict[int, int] | None:
    """DLE EOT n -> answer byte for a simulated printer in *fault*; None when it stays silent."""
    if fault not in FAULTS:
        raise ValueError(f"unknown fault {fault!r}; one of {', '.join(FAULTS)}")
    if fault == "silent":
        return None
    printer, cause, paper = encode_status(
        offline=fault == "offline",
        cover_open=fault == "cover-open",
        paper_near_end=fault == "near-end",
        paper_out=fault == "paper-out",
    )
    error_cause = 0b0001_0010  # DLE EOT 3: no cutter or unrecoverable errors
    return {1: printer, 2: cause, 3: error_cause, 4: paper}
