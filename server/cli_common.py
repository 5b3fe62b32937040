"""What the `jiaohao admin` commands share: the hall file they read, the database engine the group opened."""

from __future__ import annotations

from pathlib import Path

import click

from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import DomainError

from .hallfile import HallFileError, load_hall, load_sample_hall
from .storage import Engine

__all__ = ["engine_of", "fail", "load_config"]


def load_config(path: str | None) -> HallConfig:
    try:
        return load_hall(Path(path)) if path else load_sample_hall()
    except HallFileError as err:
        raise click.ClickException(str(err)) from err


def engine_of(ctx: click.Context) -> Engine:
    engine: Engine = ctx.obj["engine"]
    return engine


def fail(err: DomainError) -> click.ClickException:
    return click.ClickException(err.message)
