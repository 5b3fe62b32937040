"""TicketPrinter against the network simulator over real TCP on 127.0.0.1."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import pytest

from drivers.printer.errors import (
    CoverOpen,
    PaperOut,
    PrinterNotFound,
    PrinterOffline,
    PrinterStatusUnknown,
    PrinterTimeout,
)
from drivers.printer.parser import parse
from drivers.printer.printer import TicketPrinter
from drivers.printer.profile import PrinterProfile
from drivers.printer.sample import sample_ticket
from drivers.printer.simulator import PrinterSimulator
from drivers.printer.status import PrinterState

TICKET = sample_ticket(datetime(2024, 5, 6, 9, 15))
BOUND = 0.3  # status timeout used in these tests
MARGIN = 0.7  # scheduling slack on a loaded 2-core CI box


def _printer(sim: PrinterSimulator, mode: str = "text") -> TicketPrinter:
    profile = PrinterProfile.for_paper(80, "raster" if mode == "raster" else "text",
                                       status_timeout=BOUND, write_timeout=2.0)
    return TicketPrinter(f"tcp://127.0.0.1:{sim.port}", profile)


@pytest.mark.parametrize("mode", ["text", "raster"])
def test_a_healthy_printer_receives_the_whole_ticket(simulator: PrinterSimulator, mode: str) -> None:
    with _printer(simulator, mode) as printer:
        after = printer.print_ticket(TICKET)
    assert after.state is PrinterState.OK
    assert simulator.wait_for_jobs(1, timeout=5)
    job = parse(simulator.jobs[0])
    assert len(job.cuts) == 1
    if mode == "text":
        assert job.qr_codes[0].content == TICKET.track_url
        assert "A001" in job.text()
    else:
        assert job.images


@pytest.mark.parametrize(
    ("fault", "state"),
    [("none", PrinterState.OK), ("near-end", PrinterState.PAPER_NEAR_END), ("paper-out", PrinterState.PAPER_OUT),
     ("cover-open", PrinterState.COVER_OPEN), ("offline", PrinterState.OFFLINE)],
)
def test_status_follows_the_simulator_state_while_it_runs(
    simulator: PrinterSimulator, fault: str, state: PrinterState
) -> None:
    with _printer(simulator) as printer:
        assert printer.status().state is PrinterState.OK
        simulator.set_fault(fault)
        assert printer.status().state is state


@pytest.mark.parametrize(("fault", "error"),
                         [("paper-out", PaperOut), ("cover-open", CoverOpen), ("offline", PrinterOffline)])
def test_a_faulty_printer_is_refused_before_any_job_byte(
    simulator: PrinterSimulator, fault: str, error: type[Exception]
) -> None:
    simulator.set_fault(fault)
    with _printer(simulator) as printer, pytest.raises(error) as raised:
        printer.print_ticket(TICKET)
    assert "请联系工作人员" in raised.value.message_zh  # type: ignore[attr-defined]
    assert simulator.status_requests  # it did ask
    assert simulator.job_bytes == 0  # and sent nothing to print


def test_a_silent_printer_times_out_within_the_bound(simulator: PrinterSimulator) -> None:
    simulator.set_fault("silent")
    with _printer(simulator) as printer:
        started = time.monotonic()
        assert printer.status().state is PrinterState.UNKNOWN
        assert time.monotonic() - started <= BOUND + MARGIN
        started = time.monotonic()
        with pytest.raises(PrinterStatusUnknown):
            printer.print_ticket(TICKET)
        assert time.monotonic() - started <= BOUND + MARGIN
    assert simulator.job_bytes == 0


def test_a_printer_that_goes_quiet_mid_job_raises_timeout_and_never_hangs(simulator: PrinterSimulator) -> None:
    simulator.set_fault("silent", after_job_bytes=100)
    with _printer(simulator) as printer:
        started = time.monotonic()
        with pytest.raises(PrinterTimeout) as raised:
            printer.print_ticket(TICKET)
        # One status exchange before, the job, one status exchange after.
        assert time.monotonic() - started <= 2 * BOUND + MARGIN
    assert "无响应" in raised.value.message_zh


def test_paper_running_out_during_the_job_is_reported(simulator: PrinterSimulator) -> None:
    simulator.set_fault("paper-out", after_job_bytes=100)
    with _printer(simulator) as printer, pytest.raises(PaperOut):
        printer.print_ticket(TICKET)


def test_recovery_after_the_fault_is_cleared(simulator: PrinterSimulator) -> None:
    simulator.set_fault("silent")
    with _printer(simulator) as printer:
        assert printer.status().state is PrinterState.UNKNOWN
        simulator.set_fault("none")
        # The late answers to the timed-out queries must not be mistaken for the new ones.
        assert simulator.wait_for_status_requests(1, timeout=5)
        assert printer.status().state is PrinterState.OK
        printer.print_ticket(TICKET)
    assert simulator.wait_for_jobs(1, timeout=5)


def test_an_absent_printer_is_unknown_not_ok() -> None:
    with PrinterSimulator() as sim:
        port = sim.port
    started = time.monotonic()
    printer = TicketPrinter(f"tcp://127.0.0.1:{port}", PrinterProfile(status_timeout=BOUND))
    assert printer.status().state is PrinterState.UNKNOWN
    with pytest.raises(PrinterNotFound):
        printer.print_ticket(TICKET)
    assert time.monotonic() - started <= 2 * BOUND + MARGIN


def test_simulator_saves_jobs_as_files(tmp_path: Path) -> None:
    directory = tmp_path / "jobs"
    with PrinterSimulator(jobs_dir=directory) as sim:
        with _printer(sim) as printer:
            printer.print_ticket(TICKET)
        assert sim.wait_for_jobs(1, timeout=5)
    assert sorted(p.suffix for p in directory.iterdir()) == [".bin", ".png", ".txt"]


def test_a_restarted_printer_is_unknown_once_then_reconnected() -> None:
    sim = PrinterSimulator().start()
    printer = _printer(sim)
    try:
        assert printer.status().state is PrinterState.OK
        port = sim.port
        sim.stop()  # the printer is switched off: the open connection dies
        assert printer.status().state is PrinterState.UNKNOWN
        with PrinterSimulator(port=port) as again:
            assert printer.status().state is PrinterState.OK
            printer.print_ticket(TICKET)
            assert again.wait_for_jobs(1, timeout=5)
    finally:
        printer.close()
