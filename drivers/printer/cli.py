"""`jiaohao print-test` and `jiaohao printer-sim`: what an installer runs when setting a kiosk up."""

from __future__ import annotations

import sys
import threading
from datetime import datetime

import click

from .errors import PrinterError
from .printer import TicketPrinter
from .profile import PrinterProfile
from .sample import sample_ticket
from .simulator import PrinterSimulator
from .status import FAULTS


@click.command("print-test")
@click.option("--printer", "uri", required=True,
              help="tcp://HOST:9100, usb://VID:PID, serial:///dev/ttyUSB0?baud=9600, file:///dev/usb/lp0, virtual://DIR")
@click.option("--mode", type=click.Choice(["text", "raster"]), default="text", show_default=True)
@click.option("--width", type=click.Choice(["58", "80"]), default="80", show_default=True,
              help="paper width in mm")
@click.option("--timeout", type=float, default=0.5, show_default=True, help="status answer timeout, seconds")
def print_test(uri: str, mode: str, width: str, timeout: float) -> None:
    """Print a sample Chinese ticket, then show the printer's status."""
    profile = PrinterProfile.for_paper(int(width), "raster" if mode == "raster" else "text",
                                       status_timeout=timeout)
    failed: PrinterError | None = None
    try:
        printer = TicketPrinter(uri, profile)
    except PrinterError as err:
        raise click.ClickException(str(err)) from err
    with printer:
        try:
            printer.print_ticket(sample_ticket(datetime.now().replace(second=0, microsecond=0)))
            click.echo(f"打印完成 / printed a sample ticket ({mode}, {width} mm) on {uri}")
        except PrinterError as err:
            failed = err
            click.echo(f"打印失败：{err.message_zh} / print failed: {err.message_en}", err=True)
        status = printer.status()
    click.echo(f"打印机状态 / printer status: {status.describe()}")
    if failed is not None:
        raise SystemExit(1)


@click.command("printer-sim")
@click.option("--port", type=int, default=9100, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--fault", type=click.Choice(FAULTS), default="none", show_default=True)
@click.option("--jobs-dir", type=click.Path(file_okay=False), default=None,
              help="also write each job as .bin/.txt/.png here")
def printer_sim(port: int, host: str, fault: str, jobs_dir: str | None) -> None:
    """Run a network ESC/POS printer simulator. Type a fault name (or none) to change state, quit to stop."""
    with PrinterSimulator(host, port, fault, jobs_dir) as sim:
        click.echo(f"printer simulator on tcp://{host}:{sim.port} fault={fault}; "
                   f"type one of {', '.join(FAULTS)} to change it, quit to stop")
        for line in sys.stdin:
            word = line.strip()
            if word in ("quit", "exit"):
                break
            if word in FAULTS:
                sim.set_fault(word)
                click.echo(f"fault={word}")
            elif word:
                click.echo(f"unknown command {word!r}", err=True)
        else:
            # stdin closed (running as a service): serve until interrupted.
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                click.echo("stopping")
        click.echo(f"{len(sim.jobs)} job(s) received")
