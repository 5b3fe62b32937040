"""`jiaohao simulate` and `jiaohao demo`."""

from __future__ import annotations

import logging
import os
import signal
import sys
import tempfile
import threading
from pathlib import Path

import click

from client.api import HallApi
from client.errors import ApiError

from .simulate import DEFAULT_STAFF, SimulationConfig, Simulator
from .terminal import ProgressBar, summary_table

_TIME_NOTE = (
    "Time: the simulation runs SPEED times faster than the wall clock; waits, service times and arrival "
    "gaps are compressed by that factor. The server keeps its real clock, so its timestamps and reports "
    "show the compressed durations; the summary here shows simulated minutes."
)


def _staff(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for value in values:
        no, sep, pin = value.partition(":")
        if not sep or not no or not pin:
            raise click.BadParameter(f"expected NO:PIN, got {value!r}", param_hint="--staff")
        pairs.append((no, pin))
    return tuple(pairs)


def _service_minutes(values: tuple[str, ...]) -> dict[str, float]:
    minutes: dict[str, float] = {}
    for value in values:
        code, sep, number = value.partition("=")
        try:
            minutes[code] = float(number)
        except ValueError:
            sep = ""
        if not sep or minutes.get(code, 0) <= 0:
            raise click.BadParameter(f"expected CODE=MINUTES, got {value!r}", param_hint="--service-minutes")
    return minutes


def _pad_tokens(values: tuple[str, ...]) -> dict[int, str]:
    tokens: dict[int, str] = {}
    for value in values:
        window, sep, token = value.partition("=")
        if not sep or not window.isdigit() or not token:
            raise click.BadParameter(f"expected WINDOW=TOKEN, got {value!r}", param_hint="--pad-token")
        tokens[int(window)] = token
    return tokens


def _simulation_options(speed: float, hours: float, seed: int | None) -> SimulationConfig:
    if speed <= 0 or hours <= 0:
        raise click.BadParameter("--speed and --hours must be positive")
    return SimulationConfig(speed=speed, hours=hours, seed=seed)


@click.command("simulate", epilog=_TIME_NOTE)
@click.option("--server", required=True, help="server URL, e.g. http://127.0.0.1:8000")
@click.option("--kiosk-token", required=True, help="token of a kiosk device (issues the tickets)")
@click.option("--caller-token", help="token of a caller device, used for windows already open")
@click.option("--pad-token", "pad_tokens", multiple=True,
              help="WINDOW=TOKEN of that window's rating pad: its citizens rate their services (repeatable)")
@click.option("--staff", multiple=True, help="NO:PIN of a clerk to log in (repeatable; default: sample hall's)")
@click.option("--speed", default=60.0, show_default=True, help="simulated seconds per real second")
@click.option("--hours", default=8.0, show_default=True, help="length of the simulated day (from 09:00)")
@click.option("--seed", type=int, help="random seed, for a repeatable day")
@click.option("--service-minutes", multiple=True, help="CODE=MIN typical handling time (repeatable)")
@click.option("-v", "--verbose", is_flag=True, help="log every failed call")
def simulate(
    server: str,
    kiosk_token: str,
    caller_token: str | None,
    pad_tokens: tuple[str, ...],
    staff: tuple[str, ...],
    speed: float,
    hours: float,
    seed: int | None,
    service_minutes: tuple[str, ...],
    verbose: bool,
) -> None:
    """Play a busy day in the hall through the API: arrivals by the hour (morning peak, lunch dip,
    afternoon peak), green-channel tickets, no-shows and transfers, with a summary at the end. With
    --pad-token, most citizens rate their service on that window's pad (mostly 5 and 4, rare 差评)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    config = _simulation_options(speed, hours, seed)
    config.staff = _staff(staff) or DEFAULT_STAFF
    config.service_minutes.update(_service_minutes(service_minutes))
    bar = ProgressBar()
    with HallApi(server, kiosk_token) as api:
        simulator = Simulator(
            api, config, caller_token=caller_token, pad_tokens=_pad_tokens(pad_tokens), on_progress=bar
        )
        try:
            summary = simulator.run()
        except KeyboardInterrupt:
            simulator.stop.set()
            summary = simulator.summary_so_far()
        except ApiError as err:
            raise click.ClickException(err.message) from err
        finally:
            bar.done()
    click.echo(summary_table(summary))


def _has_screen() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


@click.command("demo", epilog=_TIME_NOTE)
@click.option("--headless", is_flag=True, help="render offscreen even if a screen is available")
@click.option("--minutes", type=float, help="stop after this many real minutes (default: when the day ends)")
@click.option("--speed", default=60.0, show_default=True, help="simulated seconds per real second")
@click.option("--hours", default=3.0, show_default=True, help="simulated hours from 09:00 (a morning)")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="output folder (default: a new temp folder)")
@click.option("--lang", type=click.Choice(["zh_CN", "en"]), default="zh_CN", show_default=True)
def demo(
    headless: bool, minutes: float | None, speed: float, hours: float, seed: int, out_dir: str | None, lang: str
) -> None:
    """The whole hall on this machine: a server on SQLite in a temporary folder (the sample hall, open all
    day), device tokens, the simulator printing every ticket on a virtual printer, and every front-end that
    exists. Without a screen it runs offscreen; screenshots and tickets go to a folder named at the end.
    Ctrl-C stops it cleanly: the summary so far, exit code 0."""
    stop = threading.Event()
    # From here on Ctrl-C is a flag, not a KeyboardInterrupt, so no step is cut off mid-way (loading Qt and
    # the front-ends below takes a second or two: a Ctrl-C then stops the demo before it starts the server).
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda signum, frame: stop.set())
    from .run import DemoOptions, run_demo  # Qt and every front-end load only for the demo
    from .server_process import DemoError

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    output = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="jiaohao-demo-"))
    headless = headless or not _has_screen()
    bar = ProgressBar()
    options = DemoOptions(
        output=output,
        headless=headless,
        minutes=minutes,
        simulation=_simulation_options(speed, hours, seed),
        lang=lang,
        on_progress=bar,
    )
    click.echo(f"演示启动中，输出目录：{output}", err=True)
    try:
        result = run_demo(options, stop)
    except DemoError as err:
        raise click.ClickException(str(err)) from err
    finally:
        bar.done()
    if result.summary is not None:
        click.echo(summary_table(result.summary))
    if result.printer_errors:
        click.echo(f"打印失败 {len(result.printer_errors)} 张：{result.printer_errors[0]}", err=True)
    click.echo(f"号票 {result.tickets_printed} 张（{output / 'tickets'}），截图 {result.screenshots} 张")
    click.echo(f"演示输出：{output}")
    sys.stdout.flush()

