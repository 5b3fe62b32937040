"""The printer profile: what a kiosk's configuration says about its printer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

PrintMode = Literal["text", "raster"]
CutMode = Literal["full", "partial", "none"]

# Font A on 80 mm / 58 mm printers: 12-dot-wide half-width cells.
_DOTS_FOR_MM = {80: 576, 58: 384}


@dataclass(frozen=True)
class PrinterProfile:
    """Paper geometry, print mode and timing for one printer."""

    width_dots: int = 576
    columns: int = 48  # half-width characters per line at normal size
    mode: PrintMode = "text"
    status_timeout: float = 0.5  # seconds for the whole DLE EOT exchange
    write_timeout: float = 10.0  # seconds to hand one job to the printer
    cut: CutMode = "partial"
    encoding: str = "gb18030"
    qr_module_dots: int = 6  # GS ( k size: 6 dots ≈ 0.75 mm per module at 203 dpi, scannable from a phone
    raster_band_rows: int = 1024  # GS v 0 rows per band; see docs/printer.md

    def __post_init__(self) -> None:
        if self.width_dots <= 0 or self.width_dots % 8:
            raise ValueError("width_dots must be a positive multiple of 8")
        if self.columns <= 0:
            raise ValueError("columns must be positive")
        if self.mode not in ("text", "raster"):
            raise ValueError(f"mode must be text or raster, not {self.mode!r}")
        if self.cut not in ("full", "partial", "none"):
            raise ValueError(f"cut must be full, partial or none, not {self.cut!r}")
        if not 1 <= self.qr_module_dots <= 16:
            raise ValueError("qr_module_dots must be 1..16")
        if self.status_timeout <= 0 or self.write_timeout <= 0:
            raise ValueError("timeouts must be positive")
        if self.raster_band_rows <= 0:
            raise ValueError("raster_band_rows must be positive")

    @classmethod
    def for_paper(cls, width_mm: int, mode: PrintMode = "text", **overrides: Any) -> PrinterProfile:
        """The usual profile for 58 or 80 mm paper."""
        if width_mm not in _DOTS_FOR_MM:
            raise ValueError(f"paper width must be 58 or 80 mm, not {width_mm}")
        dots = _DOTS_FOR_MM[width_mm]
        values: dict[str, Any] = {"width_dots": dots, "columns": dots // 12, "mode": mode}
        if width_mm == 58:
            values["qr_module_dots"] = 5  # keeps a ~60-char URL's QR well inside 48 mm of print width
        values.update(overrides)
        return cls(**values)

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> PrinterProfile:
        """Build from a TOML table; `paper_mm = 58|80` picks defaults, other keys override them."""
        known = {f.name for f in fields(cls)}
        unknown = set(config) - known - {"paper_mm"}
        if unknown:
            raise ValueError(f"unknown printer setting(s): {', '.join(sorted(unknown))}")
        overrides = {k: v for k, v in config.items() if k in known}
        return cls.for_paper(int(config.get("paper_mm", 80)), **overrides)
