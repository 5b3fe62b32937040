"""Advertise the hall server on the LAN with zeroconf, so front-ends find it without a `--server` (DESIGN §5).

The advertisement is `<hall name>._jiaohao._tcp.local.` with TXT `v=1`, `api=/api/v1`, `hall=<hall id>`.
Front-ends pick a hall by the id in TXT, never by the instance name (zeroconf renames the instance when two
servers claim one name) and never by IP.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import re
import secrets
import socket
from types import TracebackType

import ifaddr
from zeroconf import DNSQuestionType, InterfaceChoice, IPVersion, ServiceStateChange, Zeroconf
from zeroconf import Error as ZeroconfError
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from jiaohao.wire.discovery import API_PATH, PROTOCOL_VERSION, SERVICE_TYPE, HallTxt, hall_txt, read_hall_txt

__all__ = [
    "API_PATH",
    "PROTOCOL_VERSION",
    "SERVICE_TYPE",
    "AdvertiseError",
    "HallAdvertiser",
    "HallTxt",
    "hall_txt",
    "instance_name",
    "local_ipv4_addresses",
    "read_hall_txt",
]

# DNS-SD allows 63 bytes of UTF-8 for an instance name; zeroconf appends "-2", "-3", … on a conflict and
# fails if that overflows, so leave room for the suffix. A Chinese character takes 3 bytes: ~20 of them fit.
_INSTANCE_NAME_BYTES = 63 - len("-99")
# Long enough for a rival's rate-limited answer to a multicast query (≤ 1 s) plus the browser's first-query
# delay, with margin for a loaded machine; only paid at startup, and cut short when the name is taken.
_LISTEN_BEFORE_CLAIM_S = 1.5
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_HOST_LABEL_UNSAFE = re.compile(r"[^a-z0-9-]+")


class AdvertiseError(Exception):
    """The hall could not be advertised on the network."""


def instance_name(hall_name: str) -> str:
    """The DNS-SD instance name for a hall: its own name, Chinese kept, made safe and short enough."""
    # Control characters are illegal in instance names. An ASCII dot is legal in DNS-SD but zeroconf
    # writes names as dot-separated labels without escaping, so a dot would split the label on the wire.
    cleaned = _CONTROL_CHARS.sub(" ", hall_name).replace(".", "．")
    cleaned = " ".join(cleaned.split())
    encoded = cleaned.encode("utf-8")[:_INSTANCE_NAME_BYTES]
    # Cutting bytes can split a character; drop the partial tail rather than send invalid UTF-8.
    cleaned = encoded.decode("utf-8", errors="ignore").rstrip()
    return cleaned or "jiaohao"


def local_ipv4_addresses() -> list[str]:
    """This machine's IPv4 addresses that a front-end on the LAN could reach (no loopback, no link-local)."""
    found: list[str] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if not isinstance(ip.ip, str):  # IPv6 entries are tuples
                continue
            address = ipaddress.IPv4Address(ip.ip)
            if not (address.is_loopback or address.is_link_local) and ip.ip not in found:
                found.append(ip.ip)
    return found


class HallAdvertiser:
    """Announces one hall server while it runs: `await start()` on startup, `await stop()` on shutdown.

    `addresses` are the IPv4 addresses published for the server (empty: the `interfaces`, or else every
    LAN address of this machine). `interfaces` are the IPv4 addresses zeroconf sends and listens on
    (None: all); `["127.0.0.1"]` keeps everything on loopback, as the tests do.
    """

    def __init__(
        self,
        hall_id: str,
        hall_name: str,
        port: int,
        addresses: list[str],
        interfaces: list[str] | None = None,
    ) -> None:
        if not 0 < port < 65536:
            raise ValueError(f"port must be 1-65535, got {port}")
        for address in [*addresses, *(interfaces or [])]:
            try:
                ipaddress.IPv4Address(address)
            except ValueError as err:
                raise ValueError(f"zeroconf is IPv4 only here; {address!r} is not an IPv4 address") from err
        self.hall_id = hall_id
        self.hall_name = hall_name
        self.port = port
        self.addresses = list(addresses)
        self.interfaces = list(interfaces) if interfaces is not None else None
        self._zeroconf: AsyncZeroconf | None = None
        self._info: AsyncServiceInfo | None = None

    @property
    def registered_name(self) -> str | None:
        """The instance name actually claimed (differs from the hall name after a conflict), or None."""
        if self._info is None:
            return None
        return self._info.name.removesuffix("." + SERVICE_TYPE)

    async def start(self) -> None:
        """Claim a unique instance name and announce it; returns once the announcements are sent."""
        if self._zeroconf is not None:
            raise RuntimeError("the advertiser is already running")
        addresses = self.addresses or list(self.interfaces or []) or local_ipv4_addresses()
        if not addresses:
            raise AdvertiseError("no IPv4 address to advertise; pass the server's address explicitly")
        info = AsyncServiceInfo(
            SERVICE_TYPE,
            f"{instance_name(self.hall_name)}.{SERVICE_TYPE}",
            port=self.port,
            properties=hall_txt(self.hall_id),
            server=_host_name(self.hall_id),
            parsed_addresses=addresses,
        )
        try:
            zeroconf = AsyncZeroconf(
                interfaces=self.interfaces if self.interfaces is not None else InterfaceChoice.All,
                ip_version=IPVersion.V4Only,
            )
        except OSError as err:
            raise AdvertiseError(f"cannot open the zeroconf sockets on {self._where()}: {err}") from err
        try:
            await _listen_for_rivals(zeroconf, info.name)
            announced = await zeroconf.async_register_service(info, allow_name_change=True)
            await announced
        except (ZeroconfError, OSError) as err:
            await zeroconf.async_close()
            raise AdvertiseError(f"cannot advertise {self.hall_name!r} on {self._where()}: {err}") from err
        except BaseException:
            # Cancelled while probing (server shut down during startup): do not leak sockets and threads.
            await zeroconf.async_close()
            raise
        self._zeroconf = zeroconf
        self._info = info

    async def stop(self) -> None:
        """Send goodbye packets so browsers drop the hall at once, then close the sockets. Idempotent."""
        zeroconf, info = self._zeroconf, self._info
        self._zeroconf = self._info = None
        if zeroconf is None:
            return
        try:
            if info is not None:
                goodbyes = await zeroconf.async_unregister_service(info)
                await goodbyes
        finally:
            await zeroconf.async_close()

    async def __aenter__(self) -> HallAdvertiser:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    def _where(self) -> str:
        return ", ".join(self.interfaces) if self.interfaces is not None else "all interfaces"


def _host_name(hall_id: str) -> str:
    # The A records hang off this host name. A random tail keeps two machines cloned from one image (same
    # hostname) from publishing conflicting addresses under one name.
    machine = _HOST_LABEL_UNSAFE.sub("-", socket.gethostname().lower()).strip("-") or "host"
    label = f"jiaohao-{hall_id}-{machine}"[:55].rstrip("-")
    return f"{label}-{secrets.token_hex(3)}.local."


async def _listen_for_rivals(zeroconf: AsyncZeroconf, wanted_name: str) -> None:
    """Learn which servers already advertise a hall, so that probing can rename this one on a clash.

    Another server with the same hall name must not knock this one off the network: zeroconf probes and,
    on a clash, renames this instance "<name>-2". But it learns of the clash from unicast replies to its
    probes, and when the rival runs on this same machine (several server processes, avahi, tests) the
    kernel hands a unicast reply for port 5353 to one of the sockets bound there, often not ours. A
    multicast browse reaches us wherever the rival runs; a responder may hold back its answer for up to a
    second after it last multicast the record (RFC 6762 §14), hence the listening time.
    """
    taken = asyncio.Event()
    wanted = wanted_name.lower()

    def on_change(zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange) -> None:
        if name.lower() == wanted and state_change is not ServiceStateChange.Removed:
            taken.set()

    rivals = AsyncServiceBrowser(
        zeroconf.zeroconf, SERVICE_TYPE, handlers=[on_change], question_type=DNSQuestionType.QM
    )
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(taken.wait(), _LISTEN_BEFORE_CLAIM_S)
    finally:
        await rivals.async_cancel()
