"""DemoContext: what each front-end is launched with in `jiaohao demo`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from client.settings import DeviceSettings

__all__ = ["DemoContext"]


@dataclass(frozen=True)
class DemoContext:
    """Where the server is and the tokens issued for this machine."""

    server_url: str
    tokens: dict[str, str]  # kiosk, caller (windows 1-10), display, pad (window 1), pad-2 … pad-10
    output: Path
    tickets_dir: Path
    screenshots_dir: Path
    headless: bool
    lang: str = "zh_CN"

    @property
    def printer_uri(self) -> str:
        return f"virtual://{self.tickets_dir}"

    def settings(self, role: str, **overrides: Any) -> DeviceSettings:
        return DeviceSettings(
            role=role, server=self.server_url, token=self.tokens.get(role), lang=self.lang
        ).with_overrides(**overrides)
