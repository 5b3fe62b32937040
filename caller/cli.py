"""`jiaohao caller` (the window's PC) and `jiaohao bus` (one bus of keypads for several windows)."""

from __future__ import annotations

import logging
import signal
import threading

import click

from client.settings import DeviceSettings, device_options

__all__ = ["bus", "caller"]

log = logging.getLogger(__name__)


@click.command("caller")
@device_options("caller", window=True, printer=True, bus=True)
@click.option("--bus-addr", type=click.IntRange(0, 255), help="bus address of this window's keypad")
@click.option("--sign-addr", type=click.IntRange(0, 255), multiple=True, help="bus address of a window sign")
@click.option("--device-login", is_flag=True, help="act with the device token, without a clerk's login")
def caller(settings: DeviceSettings, bus_addr: int | None, sign_addr: tuple[int, ...], device_login: bool) -> None:
    """The window caller (叫号器): log in, call, serve, transfer, pause; keypad and sign on the bus; the
    一次性告知书 on the window's receipt printer (--printer URI, as the kiosk's)."""
    from PySide6.QtWidgets import QApplication

    from client.i18n import install_translator
    from client.theme import apply_theme

    from .app import build_caller

    if settings.window is None:
        raise click.UsageError("--window is required (or window = N in the settings file)")
    app = QApplication([])
    apply_theme(app)
    install_translator(app, settings.lang)
    try:
        window = build_caller(settings, bus_addr=bus_addr, sign_addrs=sign_addr, device_login=device_login)
    except ValueError as err:
        raise click.UsageError(str(err)) from err
    window.show()
    app.exec()
    window.close()


@click.command("bus")
@click.option("--server", required=True, help="server URL, e.g. http://10.0.0.5:8000")
@click.option("--token", required=True, help="caller device token issued for the mapped windows")
@click.option("--bus", "bus_uri", required=True, help="serial bus URI, e.g. serial:///dev/ttyUSB0?baud=9600")
@click.option("--map", "maps", multiple=True, required=True, help="KEYPAD_ADDR=WINDOW (repeatable)")
@click.option("--sign", "signs", multiple=True, help="SIGN_ADDR=WINDOW: a window sign showing that window's number")
def bus(server: str, token: str, bus_uri: str, maps: tuple[str, ...], signs: tuple[str, ...]) -> None:
    """Act for every mapped window's keypad on one bus (halls with keypads and no PC at the windows)."""
    from client.api import HallApi
    from client.errors import ApiError
    from drivers.bus import Bus

    from .hub import BusHub, HubError, parse_map

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        mapping = parse_map(maps)
        hub = BusHub(HallApi(server, token), Bus.from_uri(bus_uri), mapping, parse_map(signs, "--sign"))
        hub.check_windows()
    except (HubError, ApiError) as err:
        raise click.ClickException(str(err)) from err
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda _s, _f: stop.set())
    hub.start()
    windows = ", ".join(f"{addr}→{agent.window}" for addr, agent in hub.agents.items())
    click.echo(f"jiaohao bus: {bus_uri}, keypads {windows}; Ctrl-C to stop", err=True)
    stop.wait()
    hub.stop()
