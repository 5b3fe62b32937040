"""What a hall's zeroconf advertisement says (DESIGN §5): shared by the server that publishes it and the
front-ends that browse for it, so it lives with the wire contract rather than in either of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SERVICE_TYPE = "_jiaohao._tcp.local."
API_PATH = "/api/v1"
PROTOCOL_VERSION = "1"


@dataclass(frozen=True)
class HallTxt:
    """What a front-end needs from an advertisement's TXT record."""

    hall_id: str
    api_path: str


def hall_txt(hall_id: str) -> dict[str, str]:
    """The TXT properties of a hall's advertisement."""
    return {"v": PROTOCOL_VERSION, "api": API_PATH, "hall": hall_id}


def read_hall_txt(properties: Mapping[bytes, bytes | None] | Mapping[str, str | None]) -> HallTxt | None:
    """Decode TXT properties; None when they are not a jiaohao hall speaking this protocol version."""
    decoded: dict[str, str] = {}
    for key, value in properties.items():
        if value is None:
            continue
        text_key = key.decode("utf-8", "replace") if isinstance(key, bytes) else key
        decoded[text_key] = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    if decoded.get("v") != PROTOCOL_VERSION or not decoded.get("hall"):
        return None
    return HallTxt(hall_id=decoded["hall"], api_path=decoded.get("api", API_PATH))
