"""Assemble the caller: connection → model + controller → window, and the window's bus devices when configured."""

from __future__ import annotations

import logging

from client.connection import HallConnection
from client.heartbeat import Heartbeat
from client.settings import DeviceSettings
from drivers.bus import Bus
from drivers.printer.errors import PrinterError
from drivers.printer.printer import TicketPrinter
from drivers.printer.profile import PrinterProfile

from .controller import CallerController
from .health import keypads_report
from .keypad import CallerKeypad
from .model import CallerModel
from .notice_desk import NoticeDesk
from .views import CallerWindow

__all__ = ["build_caller"]

log = logging.getLogger(__name__)


def build_caller(
    settings: DeviceSettings,
    *,
    bus_addr: int | None = None,
    sign_addrs: tuple[int, ...] = (),
    device_login: bool = False,
    retry_ms: int = 1000,
) -> CallerWindow:
    """A ready caller window (not shown), its connection started. Closing the window stops everything.

    `device_login`: act with the configured caller device token instead of asking a clerk to log in (the
    demo, where the simulator's clerk works the same window).
    """
    if settings.window is None:
        raise ValueError("the caller needs a window number (--window or window = N in its settings)")
    # The clerk's login gives the token; a device token in the settings is only used with device_login.
    connection = HallConnection(settings, need_token=device_login)
    model = CallerModel(settings.window)
    notices = NoticeDesk(_printer(settings), settings.lang)
    controller = CallerController(model, connection, retry_ms=retry_ms, notices=notices, parent=connection)
    window = CallerWindow(model, controller)
    window.add_cleanup(connection.stop)
    window.add_cleanup(controller.close)  # cleanups run last-added first: the controller stops before its connection
    addr = bus_addr if bus_addr is not None else _int(settings.extra.get("bus_addr"))
    bus: Bus | None = None
    if settings.bus:
        if addr is None:
            raise ValueError("a bus needs the keypad's address (--bus-addr or bus_addr = N in its settings)")
        bus = Bus.from_uri(settings.bus)
        keypad = CallerKeypad(model, controller, bus, addr, sign_addrs, parent=window)
        window.attach_keypad(keypad)
        window.add_cleanup(bus.stop)
        window.add_cleanup(keypad.close)
        bus.start()
    keypads = {addr: settings.window} if bus is not None and addr is not None else {}
    # The PC's caller device token (when it has one) reports the PC's health, whoever is logged in.
    heartbeat = Heartbeat(
        connection,
        lambda: keypads_report(bus.status() if bus is not None else None, keypads, role="叫号器"),
        parent=connection,
    )
    connection.serverFound.connect(lambda _url: heartbeat.beat())
    window.add_cleanup(heartbeat.stop)
    connection.start()
    heartbeat.start()
    if device_login:
        controller.use_device_token()
    return window


def _printer(settings: DeviceSettings) -> TicketPrinter | None:
    """The window's receipt printer for 一次性告知书 (`--printer URI`, the kiosk's URIs and [printer_profile]).
    A wrong URI or profile stops the caller with the reason (`jiaohao caller` shows it): better than a window
    that silently never prints its notices."""
    if not settings.printer:
        return None
    table = settings.extra.get("printer_profile", {})
    profile = PrinterProfile.from_mapping(table) if isinstance(table, dict) else PrinterProfile()
    try:
        return TicketPrinter(settings.printer, profile)
    except PrinterError as err:
        raise ValueError(f"--printer {settings.printer}: {err}") from err


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
