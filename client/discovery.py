"""Find the hall server on the LAN (DESIGN §5): a zeroconf browser on its own thread, results as signals.

A hall is identified by the `hall` id in TXT, never by instance name (zeroconf renames "-2" on a clash) or
by IP. The browser follows the server when its advertisement changes (new port or address after a
restart), falls back to another server of the same hall when one goes away, and ignores link-local
addresses (169.254.x.x: a PC whose DHCP failed, unreachable from the others).
"""

from __future__ import annotations

import ipaddress
import logging
import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from zeroconf import DNSQuestionType, InterfaceChoice, IPVersion, ServiceBrowser, ServiceStateChange, Zeroconf

from jiaohao.wire.discovery import SERVICE_TYPE, read_hall_txt

from .i18n import tr

__all__ = ["SERVICE_TYPE", "HallBrowser", "HallLocation", "location_from_info"]

log = logging.getLogger(__name__)

_RESOLVE_TIMEOUT_MS = 3000
MSG_SEVERAL_HALLS = "网络上发现多个大厅：{halls}。请在设备设置中指定大厅编号（hall）"


@dataclass(frozen=True, slots=True)
class HallLocation:
    """Where one server of a hall answers."""

    hall_id: str
    instance: str
    host: str
    port: int
    api_path: str = "/api/v1"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def location_from_info(
    instance: str, port: int | None, addresses: list[str], properties: dict[bytes, bytes | None]
) -> HallLocation | None:
    """A usable location from a resolved advertisement, or None (other protocol, no reachable address)."""
    txt = read_hall_txt(properties)
    usable = [a for a in addresses if _reachable_ipv4(a)]
    if txt is None or not port or not usable:
        return None
    return HallLocation(txt.hall_id, instance, usable[0], port, txt.api_path)


def _reachable_ipv4(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.version == 4 and not ip.is_link_local and not ip.is_unspecified


class HallBrowser(QObject):
    """Signals (delivered on the UI thread):

    - `found(HallLocation)`: the server to talk to, first time and each time it moves;
    - `lost(str)`: no server of the chosen hall is advertised any more (hall id);
    - `problem(str)`: a Chinese message for the screen, e.g. several halls and none configured.

    `interfaces`: IPv4 addresses to browse on (None: all); tests use `["127.0.0.1"]`.
    """

    found = Signal(object)
    lost = Signal(str)
    problem = Signal(str)

    def __init__(
        self, hall_id: str | None = None, interfaces: list[str] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.hall_id = hall_id
        self.interfaces = interfaces
        self._lock = threading.Lock()
        self._services: dict[str, HallLocation] = {}
        self._current: HallLocation | None = None
        self._zeroconf: Zeroconf | None = None
        self._browser: ServiceBrowser | None = None
        self._warned_several = False

    @property
    def current(self) -> HallLocation | None:
        with self._lock:
            return self._current

    def start(self) -> None:
        if self._zeroconf is not None:
            raise RuntimeError("the hall browser is already running")
        self._zeroconf = Zeroconf(
            interfaces=self.interfaces if self.interfaces else InterfaceChoice.All, ip_version=IPVersion.V4Only
        )
        # QM (multicast) questions: a unicast answer to port 5353 reaches only one of the processes that
        # share the port on a machine, often not this one.
        self._browser = ServiceBrowser(
            self._zeroconf, SERVICE_TYPE, handlers=[self._on_change], question_type=DNSQuestionType.QM
        )

    def stop(self) -> None:
        browser, zeroconf = self._browser, self._zeroconf
        self._browser = self._zeroconf = None
        if browser is not None:
            browser.cancel()
        if zeroconf is not None:
            zeroconf.close()

    # --- the browser's thread ---------------------------------------------------------------------------

    def _on_change(self, zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange) -> None:
        # Runs on zeroconf's browser thread, where a blocking lookup is allowed; never on the UI thread.
        if state_change is ServiceStateChange.Removed:
            with self._lock:
                self._services.pop(name, None)
            self._choose()
            return
        info = zeroconf.get_service_info(
            service_type, name, timeout=_RESOLVE_TIMEOUT_MS, question_type=DNSQuestionType.QM
        )
        if info is None:
            log.info("zeroconf: %s did not resolve; waiting for its next announcement", name)
            return
        instance = name.removesuffix("." + SERVICE_TYPE)
        location = location_from_info(instance, info.port, info.parsed_addresses(IPVersion.V4Only), info.properties)
        with self._lock:
            if location is None:
                self._services.pop(name, None)
            else:
                self._services[name] = location
        self._choose()

    def _choose(self) -> None:
        """Pick the server to use and emit only what changed."""
        with self._lock:
            halls = sorted({loc.hall_id for loc in self._services.values()})
            wanted = self.hall_id
            several = wanted is None and len(halls) > 1
            if wanted is None and len(halls) == 1:
                wanted = halls[0]
            if several and self._current is not None:
                wanted = self._current.hall_id  # keep the hall we already serve
            candidates = [loc for loc in self._services.values() if loc.hall_id == wanted]
            previous = self._current
            same = [loc for loc in candidates if previous is not None and loc.instance == previous.instance]
            chosen = same[0] if same else (min(candidates, key=lambda c: c.instance) if candidates else None)
            self._current = chosen
            warn = several and not self._warned_several
            self._warned_several = self._warned_several or warn
        if warn:
            self.problem.emit(tr("HallBrowser", MSG_SEVERAL_HALLS).format(halls="、".join(halls)))
        if chosen is not None and chosen != previous:
            log.info("hall %s at %s (%s)", chosen.hall_id, chosen.url, chosen.instance)
            self.found.emit(chosen)
        elif chosen is None and previous is not None:
            log.warning("hall %s is no longer advertised", previous.hall_id)
            self.lost.emit(previous.hall_id)
