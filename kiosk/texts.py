"""The kiosk's words in the language the citizen picked on the screen.

The kiosk switches language per citizen (a button on the screen), so it cannot use the application-wide
translator: in the demo the caller and the hall screen share the application and must not switch with
it. Each `Texts` reads the shipped `.ts` file directly (always current, with or without a `make` that
compiled the `.qm`). Source strings are Chinese; context "Kiosk", falling back to the client's contexts for
the connection and API sentences the kiosk shows as they come.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from client.i18n import TRANSLATIONS_DIR, TsTranslator

__all__ = ["CONTEXT", "Texts"]

log = logging.getLogger(__name__)

CONTEXT = "Kiosk"
_FALLBACK_CONTEXTS = (CONTEXT, "KioskServer", "HallConnection", "ApiError", "HallBrowser")


@cache
def _translator(lang: str) -> TsTranslator | None:
    path = TRANSLATIONS_DIR / f"jiaohao_{lang}.ts"
    if not path.exists():
        log.warning("no kiosk translation for %s (%s)", lang, path)
        return None
    return TsTranslator(path)


class Texts:
    """`texts("前面还有 {n} 人", n=3)`; zh_CN is the source language and is returned as written."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._translator = None if lang == "zh_CN" else _translator(lang)
        self.missing: set[str] = set()  # looked up but untranslated: tests fail on these for the kiosk's own

    def __call__(self, source: str, **values: Any) -> str:
        text = self.lookup(source)
        return text.format(**values) if values else text

    def lookup(self, source: str) -> str:
        if self._translator is None:
            return source
        for context in _FALLBACK_CONTEXTS:
            found = self._translator.translate(context, source)
            if found:
                return found
        self.missing.add(source)
        return source

    def server(self, code: str, text: str) -> str:
        """A server sentence: translated by its error code when the kiosk knows it, else shown as sent."""
        if self._translator is None:
            return text
        for context, source in (("KioskServer", code), *((c, text) for c in _FALLBACK_CONTEXTS)):
            found = self._translator.translate(context, source)
            if found:
                return found
        return text  # the server's own words (service names, a hall's notice): nothing to translate by
