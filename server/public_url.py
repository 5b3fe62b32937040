"""The base of the tracking links printed in tickets' QR codes, when `--public-url` is not given: the LAN
address the hall is advertised at on zeroconf, so a citizen's phone on the hall's Wi-Fi can open it."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence

__all__ = ["LOOPBACK_WARNING", "advertised_addresses", "default_public_url"]

ANY_HOST = ("0.0.0.0", "", "::")
LOOPBACK_WARNING = (
    "二维码链接指向本机回环地址 {url}，群众的手机无法打开：请把服务器接入大厅局域网，"
    "或用 --public-url 指定手机能访问的地址（例如 http://192.168.1.10:8000）"
)


def advertised_addresses(
    host: str, zeroconf_interfaces: Sequence[str], lan_addresses: Callable[[], list[str]]
) -> list[str]:
    """The IPv4 addresses zeroconf publishes for this server (and the order it lists them in)."""
    if zeroconf_interfaces:
        return list(zeroconf_interfaces)
    if host not in ANY_HOST:
        return [host]
    return lan_addresses()


def default_public_url(addresses: Sequence[str], port: int) -> tuple[str, str | None]:
    """The URL and, when no phone could reach it, the warning to print (in Chinese, for the hall's IT)."""
    address = addresses[0] if addresses else "127.0.0.1"
    url = f"http://{address}:{port}"
    try:
        loopback = ipaddress.ip_address(address).is_loopback
    except ValueError:  # a host name: trust it
        loopback = address == "localhost"
    return url, LOOPBACK_WARNING.format(url=url) if loopback else None
