"""The pad in `jiaohao demo`: window 1's tablet, rating what the simulated clerks finish."""

from __future__ import annotations

from typing import Any

from client.demo import DemoContext

from .app import build_pad
from .runtime import PadOptions

__all__ = ["launch"]


def launch(ctx: DemoContext) -> list[Any]:
    settings = ctx.settings("pad", window=1)
    options = PadOptions(window=1, data_dir=ctx.output / "pad")
    runtime, window = build_pad(settings, options)
    runtime.start()
    return [window]
