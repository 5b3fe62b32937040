"""`jiaohao admin backup` and `jiaohao admin restore`: a SQLite hall's database to a file and back."""

from __future__ import annotations

from pathlib import Path

import click

from .storage import Engine
from .storage.backup import back_up, restore
from .storage.database import StorageError

__all__ = ["backup_command", "restore_command"]


def _db_url(ctx: click.Context) -> str:
    engine: Engine = ctx.obj["engine"]
    return engine.url.render_as_string(hide_password=False)


@click.command("backup")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="file to write")
@click.pass_context
def backup_command(ctx: click.Context, out: Path) -> None:
    """Copy the database to FILE while the server keeps running (SQLite online backup)."""
    try:
        made = back_up(_db_url(ctx), out)
    except StorageError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"已备份到 {made}")


@click.command("restore")
@click.argument("backup", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def restore_command(ctx: click.Context, backup: Path) -> None:
    """Replace the database with the copy in BACKUP. Stop the server first; start it again afterwards."""
    engine: Engine = ctx.obj["engine"]
    engine.dispose()  # the group opened (and migrated) it: let go of it before every page is replaced
    try:
        target = restore(backup, _db_url(ctx))
    except StorageError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"已从 {backup} 恢复到 {target}；请重新启动服务器")
