"""DLE EOT decoding: every fault state, and no answer is never OK."""

from __future__ import annotations

import pytest

from drivers.printer.errors import CoverOpen, PaperOut, PrinterOffline, PrinterStatusUnknown
from drivers.printer.printer import refusal_for
from drivers.printer.status import FAULTS, PrinterState, decode_status, fault_answers


@pytest.mark.parametrize(
    ("fault", "state"),
    [
        ("none", PrinterState.OK),
        ("near-end", PrinterState.PAPER_NEAR_END),
        ("paper-out", PrinterState.PAPER_OUT),
        ("cover-open", PrinterState.COVER_OPEN),
        ("offline", PrinterState.OFFLINE),
        ("silent", PrinterState.UNKNOWN),
    ],
)
def test_every_fault_decodes_to_its_state(fault: str, state: PrinterState) -> None:
    answers = fault_answers(fault)
    status = decode_status(None, None, None) if answers is None else decode_status(answers[1], answers[2],
                                                                                  answers[4])
    assert status.state is state


def test_epson_reference_bytes() -> None:
    # Bytes as documented for DLE EOT 1/2/4: 0x12 = only the fixed bits (all fine).
    assert decode_status(0x12, 0x12, 0x12).state is PrinterState.OK
    # Offline (bit 3), cover open (n=2 bit 2).
    cover = decode_status(0x1A, 0x16, 0x12)
    assert cover.cover_open and not cover.online and cover.state is PrinterState.COVER_OPEN
    # Paper sensor: bits 2+3 near end, bits 5+6 paper out.
    assert decode_status(0x12, 0x12, 0x1E).state is PrinterState.PAPER_NEAR_END
    out = decode_status(0x1A, 0x32, 0x7E)
    assert out.paper_out and out.paper_near_end and out.state is PrinterState.PAPER_OUT
    assert decode_status(0x1A, 0x12, 0x12).state is PrinterState.OFFLINE


@pytest.mark.parametrize(
    "answers",
    [(None, None, None), (0x12, None, None), (0x12, 0x12, None), (0x00, 0x12, 0x12), (0xFF, 0x12, 0x12)],
)
def test_missing_or_garbage_answers_are_unknown_never_ok(answers: tuple[int | None, ...]) -> None:
    status = decode_status(*answers)
    assert status.state is PrinterState.UNKNOWN
    assert not status.can_print


def test_refusals_name_the_problem_in_chinese() -> None:
    cases = {"paper-out": (PaperOut, "缺纸"), "cover-open": (CoverOpen, "仓盖"), "offline": (PrinterOffline, "离线")}
    for fault, (error_type, word) in cases.items():
        answers = fault_answers(fault)
        assert answers is not None
        error = refusal_for(decode_status(answers[1], answers[2], answers[4]))
        assert isinstance(error, error_type) and word in error.message_zh and error.message_en
    unknown = refusal_for(decode_status(None, None, None))
    assert isinstance(unknown, PrinterStatusUnknown)
    near_end = fault_answers("near-end")
    assert near_end is not None
    assert refusal_for(decode_status(near_end[1], near_end[2], near_end[4])) is None


def test_fault_names_are_checked() -> None:
    assert "silent" in FAULTS
    with pytest.raises(ValueError):
        fault_answers("jammed")
