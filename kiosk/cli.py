"""`jiaohao kiosk`: the self-service ticket kiosk (取号机)."""

from __future__ import annotations

import click

from client.settings import DeviceSettings, device_options

__all__ = ["kiosk"]


@click.command("kiosk")
@device_options("kiosk", printer=True)
@click.option("--windowed", is_flag=True, help="a 1080×1920 window instead of full screen (set-up, testing)")
def kiosk(settings: DeviceSettings, windowed: bool) -> None:
    """The ticket kiosk: touch screen, printer (--printer URI, e.g. tcp://10.0.0.60:9100 or virtual://DIR)."""
    from .app import run_kiosk  # Qt is imported only when the kiosk actually runs: `jiaohao --help` stays fast

    try:
        code = run_kiosk(settings, windowed=windowed)
    except ValueError as err:  # a [printer_profile] table the driver does not understand
        raise click.ClickException(f"打印机配置错误 / printer settings: {err}") from err
    raise SystemExit(code)
