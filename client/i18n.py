"""Qt translations: zh_CN is the default and the source language of every tr() string; en ships too.

The `.ts` files live in `translations/` in the repository; the Makefile compiles them to `.qm` with
`pyside6-lrelease`. When a `.qm` is missing (a source checkout that has not run make), the `.ts` file is
read directly by `TsTranslator`, so the screen is never left untranslated for lack of a build step.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from .errors import ApiError

__all__ = ["TRANSLATIONS_DIR", "TsTranslator", "install_translator", "tr", "tr_error"]

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).with_name("translations")


def tr(context: str, text: str) -> str:
    """Translate outside a QObject (models, messages made on worker threads)."""
    return QCoreApplication.translate(context, text)


def tr_error(err: ApiError) -> str:
    """An ApiError's message in the screen's language: the client's own messages are in the .ts files
    (context "ApiError"); the server's sentences are Chinese and shown as they are."""
    return QCoreApplication.translate("ApiError", err.message)


class TsTranslator(QTranslator):
    """Reads a Qt Linguist `.ts` file directly: finished and unfinished translations that are not empty."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._messages: dict[tuple[str, str], str] = {}
        root = ET.parse(path).getroot()
        for context in root.iter("context"):
            name = context.findtext("name", "")
            for message in context.iter("message"):
                source = message.findtext("source")
                translation = message.find("translation")
                if source is None or translation is None or not translation.text:
                    continue
                if translation.get("type") in ("obsolete", "vanished"):
                    continue
                self._messages[(name, source)] = translation.text

    def translate(self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None (a null QString) lets Qt ask the next translator and finally fall back to the source text.
        return self._messages.get((context, source_text))

    def isEmpty(self) -> bool:
        return not self._messages


def install_translator(app: QCoreApplication, language: str, directory: Path = TRANSLATIONS_DIR) -> QTranslator | None:
    """Load `jiaohao_<language>.qm` (or its `.ts`) into the application; None when there is nothing to load.

    The translator is parented to the application so it lives as long as the application does."""
    qm = directory / f"jiaohao_{language}.qm"
    translator: QTranslator
    if qm.exists():
        translator = QTranslator(app)
        if not translator.load(str(qm)):
            log.error("cannot load translation %s", qm)
            return None
    else:
        ts = qm.with_suffix(".ts")
        if not ts.exists():
            log.warning("no translation for %s in %s", language, directory)
            return None
        translator = TsTranslator(ts)
        translator.setParent(app)
    app.installTranslator(translator)
    return translator
