"""`jiaohao admin config`: the configuration in use as a hall file, and a hall file as the configuration."""

from __future__ import annotations

from pathlib import Path

import click

from jiaohao.domain.clock import SystemClock
from jiaohao.domain.errors import DomainError

from . import audit
from .audit import Who
from .cli_common import engine_of, fail, load_config

__all__ = ["config_group"]


@click.group("config")
def config_group() -> None:
    """The hall's live configuration: export it as a hall file, or replace it with one."""


@config_group.command("export")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="hall TOML naming the hall (default: sample hall)",
)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="file to write (default: stdout)")
@click.pass_context
def config_export(ctx: click.Context, config_path: str | None, out: str | None) -> None:
    """Write the configuration in use (with edits made in /admin) as a hall file; staff without their PINs."""
    from .config_export import export_hall_file

    config = load_config(config_path)
    try:
        with engine_of(ctx).begin() as conn:
            now = SystemClock().now()
            text = export_hall_file(conn, config.hall.id, now)
            audit.record(conn, config.hall.id, now, Who.command_line(), "export", "config", after={"out": out or "-"})
    except DomainError as err:
        raise fail(err) from err
    if out:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)


@config_group.command("import")
@click.argument("hall_file", type=click.Path(exists=True, dir_okay=False))
@click.pass_context
def config_import(ctx: click.Context, hall_file: str) -> None:
    """Replace the stored configuration with HALL_FILE (edits made since in /admin are replaced; restart the
    server afterwards)."""
    from . import live_config
    from .runtime import prepare_database

    config = load_config(hall_file)
    engine = engine_of(ctx)
    for no, pin in prepare_database(engine, config, hall_file_pins=False).generated_pins.items():
        click.echo(f"管理员 {no} 的初始 PIN：{pin}（只显示这一次）", err=True)
    with engine.begin() as conn:
        live_config.import_file(conn, config, SystemClock().now(), Who.command_line())
    click.echo(f"imported {hall_file} as the configuration of hall {config.hall.id}; restart the server to use it")
