"""The one exception base of every hardware driver (printer, bus, voice).

A device failure is read by two people: someone in the hall (a citizen at the kiosk, a clerk, the hall's
staff), in Chinese, and whoever installs or debugs the machine, in English. So each error carries both
sentences: `message_zh` for screens, `message_en` for logs and installers, each defaulting to its class's
own words. A driver translates its libraries' errors (pyserial, sockets, subprocesses, wave) at its
boundary into one of its subclasses with ``raise … from err``, so the screen gets a sentence and the log
keeps the cause.

Each driver keeps its own base (`PrinterError`, `BusError`, `VoiceError`) so a caller that handles only
one device kind still catches just that kind; one that handles any device catches `DeviceError`.
"""

from __future__ import annotations

__all__ = ["DeviceError"]


class DeviceError(Exception):
    """Base of all driver failures: a Chinese and an English sentence, `str()` shows both."""

    default_zh = "设备故障，请联系工作人员"
    default_en = "device error"

    def __init__(self, message_en: str | None = None, message_zh: str | None = None) -> None:
        self.message_en = message_en or self.default_en
        self.message_zh = message_zh or self.default_zh
        super().__init__(f"{self.message_zh} / {self.message_en}")

    def message(self, lang: str) -> str:
        """The sentence for a screen in `lang` (zh_CN unless English was chosen)."""
        return self.message_en if lang.startswith("en") else self.message_zh
