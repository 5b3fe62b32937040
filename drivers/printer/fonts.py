"""Find a CJK font for raster tickets and previews: fontconfig first, then known Debian paths."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Literal

from PIL import ImageFont

from .errors import PrinterError

log = logging.getLogger(__name__)

Weight = Literal["regular", "bold"]

# (path, face index): face 2 of the Noto CJK collections is Simplified Chinese (SC) glyph shapes, face 7 its
# monospaced variant (half-width exactly half an em, like a printer's 12x24 / 24x24 cells).
_NOTO = "/usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc"
_MONO_FALLBACKS: dict[Weight, tuple[tuple[str, int], ...]] = {
    "regular": ((_NOTO.format("Regular"), 7), ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 1)),
    "bold": ((_NOTO.format("Bold"), 7),),
}
_FALLBACKS: dict[Weight, tuple[tuple[str, int], ...]] = {
    "regular": (
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
        ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
        ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
        ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ),
    "bold": (
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-Black.ttc", 2),
    ),
}


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int

    @property
    def name(self) -> str:
        return f"{os.path.basename(self.path)}#{self.index}"


def _fontconfig(weight: Weight, mono: bool) -> FontFile | None:
    """Ask fontconfig for a Simplified Chinese sans font; None when fontconfig is absent or has none."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    family = "monospace" if mono else "sans-serif"
    pattern = f"{family}:lang=zh-cn:weight={'bold' if weight == 'bold' else 'regular'}"
    try:
        out = subprocess.run(
            [fc_match, "-f", "%{file}\t%{index}\t%{lang}", pattern],
            capture_output=True, text=True, timeout=5, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError) as err:
        log.warning("fc-match failed, using the fallback font list: %s", err)
        return None
    path, _, rest = out.partition("\t")
    index_text, _, langs = rest.partition("\t")
    # fc-match always answers with *some* font; only take it if it really covers Simplified Chinese.
    if "zh-cn" not in langs.split("|") or not os.path.exists(path) or not index_text.isdigit():
        return None
    return FontFile(path, int(index_text))


@functools.cache
def find_cjk_font(weight: Weight = "regular", mono: bool = False) -> FontFile:
    found = _fontconfig(weight, mono)
    if found is not None and (not mono or "mono" in _family(found).lower()):
        return found
    candidates = _FALLBACKS[weight] + _FALLBACKS["regular"]
    if mono:
        candidates = _MONO_FALLBACKS[weight] + _MONO_FALLBACKS["regular"] + candidates
    for path, index in candidates:
        if os.path.exists(path):
            return FontFile(path, index)
    raise PrinterError(
        "no Chinese font found: install fonts-noto-cjk (or fonts-wqy-microhei)",
        "未找到中文字体，请安装 fonts-noto-cjk",
    )


def _family(font: FontFile) -> str:
    family, _style = ImageFont.truetype(font.path, 12, index=font.index).getname()
    return family or ""


@functools.cache
def cjk_font(size: int, weight: Weight = "regular", mono: bool = False) -> ImageFont.FreeTypeFont:
    """A loaded font, cached: loading a .ttc costs more than drawing a whole ticket."""
    font = find_cjk_font(weight, mono)
    return ImageFont.truetype(font.path, size, index=font.index)
