"""`jiaohao pad --window N [--bus URI --bus-addr A --evaluator-layout 5key|4key|1=5,…] [--headless]`."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from client.settings import DeviceSettings, device_options

__all__ = ["pad"]


def _layout(ctx: click.Context, param: click.Parameter, value: str) -> object:
    from .evaluator import parse_layout

    try:
        return parse_layout(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from err


@click.command("pad")
@device_options("pad", window=True, bus=True)
@click.option("--bus-addr", type=click.IntRange(0, 255), help="ADDR of this window's evaluator on the bus")
@click.option(
    "--evaluator-layout",
    default="5key",
    show_default=True,
    callback=_layout,
    help="evaluator key index → level: 5key, 4key or INDEX=LEVEL,… (e.g. 1=5,2=4,3=3,4=2)",
)
@click.option("--data-dir", type=click.Path(file_okay=False), help="where ratings wait for the server")
@click.option("--headless", is_flag=True, help="no screen: only host the serial evaluator")
@click.option("--windowed", is_flag=True, help="a 1280×800 window instead of full screen (testing)")
def pad(
    settings: DeviceSettings,
    bus_addr: int | None,
    evaluator_layout: object,
    data_dir: str | None,
    headless: bool,
    windowed: bool,
) -> None:
    """The rating pad (评价器) of one window: touch tablet and/or a serial 4/5-key evaluator."""
    from drivers.bus import EvaluatorLayout

    from .runtime import PadOptions, default_data_dir

    if settings.window is None:
        raise click.UsageError("--window is required (or window = N in the device file)")
    if headless and not (settings.bus and bus_addr is not None):
        raise click.UsageError("--headless hosts a serial evaluator: give --bus URI and --bus-addr A")
    assert isinstance(evaluator_layout, EvaluatorLayout)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    options = PadOptions(
        window=settings.window,
        data_dir=Path(data_dir) if data_dir else default_data_dir(),
        bus_addr=bus_addr,
        layout=evaluator_layout,
    )
    if headless:
        from .headless import run_headless

        raise SystemExit(run_headless(settings, options))
    from .app import run_app

    raise SystemExit(run_app(settings, options, windowed=windowed))
