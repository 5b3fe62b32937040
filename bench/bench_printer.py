"""Ticket printing figures: bytes per ticket and build time, text and raster mode.

Run: .venv/bin/python bench/bench_printer.py
Times are p50/p95 over many builds (time.perf_counter), each also shown as a ratio to python-escpos's
Dummy printer building the same ticket's text and native QR in this same run, because the machine is noisy.
Targets (issue 5): text mode with QR <= 1 KB, text build <= 5 ms, raster build <= 50 ms.
"""

from __future__ import annotations

import functools
import statistics
import time
from collections.abc import Callable
from datetime import datetime

from escpos.printer import Dummy

from drivers.printer.parser import parse
from drivers.printer.profile import PrinterProfile
from drivers.printer.sample import sample_ticket
from drivers.printer.ticket import build_ticket

TICKET = sample_ticket(datetime(2024, 5, 6, 9, 15))
TEXT = PrinterProfile.for_paper(80, "text")
RASTER = PrinterProfile.for_paper(80, "raster")
LINES = parse(build_ticket(TICKET, TEXT)).text().splitlines()


def escpos_dummy() -> bytes:
    """The baseline: python-escpos printing the same lines (it mangles the Chinese, but does the work)."""
    printer = Dummy()
    for line in LINES:
        printer.textln(line)
    printer.qr(TICKET.track_url, native=True, size=6)
    printer.cut()
    return bytes(printer.output)


def timings(build: Callable[[], object], repeats: int) -> tuple[float, float]:
    build()  # warm caches (fonts, code pages) outside the measurement
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        build()
        samples.append(time.perf_counter() - started)
    cuts = statistics.quantiles(samples, n=20)
    return statistics.median(samples), cuts[18]


def main() -> None:
    base50, base95 = timings(escpos_dummy, 300)
    text_bytes = len(build_ticket(TICKET, TEXT))
    raster_bytes = len(build_ticket(TICKET, RASTER))
    print(f"bytes/ticket   text {text_bytes} B (target <= 1024)   raster {raster_bytes} B")
    print(f"baseline       python-escpos Dummy, same text + QR: p50 {base50 * 1e3:.3f} ms  p95 {base95 * 1e3:.3f} ms")
    for name, profile, repeats, target in (("text", TEXT, 300, 5.0), ("raster", RASTER, 60, 50.0)):
        p50, p95 = timings(functools.partial(build_ticket, TICKET, profile), repeats)
        verdict = "ok" if p95 * 1e3 <= target else "OVER TARGET"
        print(
            f"build {name:<7}  p50 {p50 * 1e3:.3f} ms  p95 {p95 * 1e3:.3f} ms  (target <= {target:g} ms, {verdict})"
            f"  ratio to baseline p50 {p50 / base50:.2f}x  p95 {p95 / base95:.2f}x"
        )


if __name__ == "__main__":
    main()
