"""`jiaohao server` and `jiaohao admin`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from jiaohao.domain.clock import SystemClock
from jiaohao.domain.errors import DomainError

from . import audit, auth
from .audit import Who
from .cli_appointments import appointments
from .cli_backup import backup_command, restore_command
from .cli_common import engine_of, fail, load_config
from .cli_config import config_group
from .hallfile import sample_hall_path
from .public_url import advertised_addresses, default_public_url
from .storage import devices as device_rows
from .storage import staff as staff_rows
from .storage.database import StorageError, default_sqlite_url, free_bytes, make_engine, migrate, safe_url

log = logging.getLogger("server")
LOW_DISK_BYTES = 200 * 2**20  # a busy day's tickets and events take a few MB; below this, warn at start


@click.command("server")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="hall TOML file (default: the sample hall)",
)
@click.option("--db", "db_url", help="database URL (default: a SQLite file in the user data folder)")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--public-url",
    help="base URL printed in tickets' QR codes (default: http://<the LAN address zeroconf advertises>:<port>)",
)
@click.option("--no-zeroconf", is_flag=True, help="do not advertise the hall on the LAN")
@click.option("--zeroconf-interface", multiple=True, help="IP of an interface to advertise on (repeatable)")
@click.option("--log-level", default="info", type=click.Choice(["debug", "info", "warning", "error"]))
@click.option(
    "--keep-alive",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=1),
    help="seconds an idle connection is kept open (front-ends reconnect by themselves)",
)
@click.option(
    "--request-timeout",
    default=15.0,
    show_default=True,
    type=click.FloatRange(min=0.5),
    help="seconds a request may take to arrive whole (headers and body) before its connection is closed",
)
@click.option(
    "--demo-pins",
    is_flag=True,
    help="give staff the `pin` values written in the hall file (demos and tests only: those PINs are published)",
)
def server(
    config_path: str | None,
    db_url: str | None,
    host: str,
    port: int,
    public_url: str | None,
    no_zeroconf: bool,
    zeroconf_interface: tuple[str, ...],
    log_level: str,
    keep_alive: float,
    request_timeout: float,
    demo_pins: bool,
) -> None:
    """Run the hall server: HTTP + WebSocket API, and zeroconf advertisement."""
    import uvicorn

    from . import testmode
    from .app import create_app
    from .connections import GuardedHttpProtocol, connection_cap, raise_open_file_limit
    from .runtime import HallRuntime, ServerSettings

    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = load_config(config_path)
    try:
        test_clock = testmode.clock_from_env(os.environ)
    except ValueError as err:
        raise click.ClickException(str(err)) from err
    addresses = advertised_addresses(host, zeroconf_interface, _lan_addresses)
    if public_url is None:
        public_url, warning = default_public_url(addresses, port)
        if warning:
            log.warning("%s", warning)
    settings = ServerSettings(
        db_url=db_url or default_sqlite_url(),
        public_url=public_url,
        clock=test_clock or SystemClock(),
        photo_root=Path(config_path).resolve().parent if config_path else sample_hall_path().parent,
        hall_file_pins=demo_pins,
    )
    advertiser: Any = None
    advertising: asyncio.Task[None] | None = None

    async def started(runtime: HallRuntime) -> None:
        nonlocal advertiser, advertising
        if no_zeroconf:
            return
        from .discovery import HallAdvertiser

        interfaces = list(zeroconf_interface) or None
        advertiser = HallAdvertiser(config.hall.id, config.hall.name, port, addresses, interfaces)
        # Claiming the name takes a few seconds (it listens for rivals first); serve meanwhile, so a restart
        # costs front-ends no more than the restart itself.
        advertising = asyncio.create_task(_advertise(advertiser))

    async def stopping(runtime: HallRuntime) -> None:
        if advertising is not None and not advertising.done():
            advertising.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await advertising
        if advertiser is not None:
            await advertiser.stop()

    try:
        app = create_app(config, settings, on_started=started, on_stopping=stopping)
    except StorageError as err:
        raise click.ClickException(str(err)) from err
    if test_clock is not None:
        testmode.install(app, test_clock)
    for no, pin in app.state.runtime.generated_pins.items():
        # Shown once, here, to whoever starts the server; never logged.
        click.echo(
            f"管理员 {no} 的初始 PIN：{pin}（只显示这一次；请尽快用 jiaohao admin staff set-pin 修改）", err=True
        )
    click.echo(f"{config.hall.name}: http://{host}:{port}/api/v1  (database {safe_url(settings.db_url)})", err=True)
    free = free_bytes(settings.db_url)
    if free is not None and free < LOW_DISK_BYTES:
        click.echo(f"警告：数据库所在磁盘只剩 {free // 2**20} MB，磁盘满时将无法取号和叫号，请尽快清理", err=True)
    max_connections = connection_cap(raise_open_file_limit())
    uvicorn.run(
        app,
        host=host,
        port=port,
        http=GuardedHttpProtocol.configured(request_timeout, max_connections),
        timeout_keep_alive=keep_alive,  # type: ignore[arg-type]  # uvicorn's hint says int; call_later takes a float
        log_level=log_level,
        ws="websockets-sansio",
        access_log=False,
        timeout_graceful_shutdown=3,
        proxy_headers=False,  # a hall server faces its LAN directly; parsing forwarded headers costs every request
        server_header=False,
    )


def _lan_addresses() -> list[str]:
    from .discovery import local_ipv4_addresses  # zeroconf's ifaddr: loaded only when it is needed

    return local_ipv4_addresses()


async def _advertise(advertiser: Any) -> None:
    from .discovery import AdvertiseError

    try:
        await advertiser.start()
    except AdvertiseError as err:
        # The hall still serves; front-ends can be pointed at it with --server. Say so loudly, once.
        log.error("zeroconf advertisement failed, front-ends must use --server: %s", err)
        return
    log.info("advertised on zeroconf as %r", advertiser.registered_name)


# --- admin -----------------------------------------------------------------------------------------------


@click.group("admin")
@click.option("--db", "db_url", help="database URL (default: the server's default SQLite file)")
@click.pass_context
def admin(ctx: click.Context, db_url: str | None) -> None:
    """Staff, devices and appointments."""
    try:
        engine = make_engine(db_url or default_sqlite_url(), writer=True)
        migrate(engine)
    except StorageError as err:
        raise click.ClickException(str(err)) from err
    ctx.obj = {"engine": engine}
    ctx.call_on_close(engine.dispose)


@admin.group("staff")
def staff() -> None:
    """Staff members and their PINs."""


@staff.command("add")
@click.option("--no", "no", required=True, help="staff number (工号)")
@click.option("--name", required=True)
@click.option("--pin", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", type=click.Choice(auth.ROLES), default="staff", show_default=True)
@click.option("--title", default="")
@click.option("--photo", default=None, help="path or URL of the photo shown on the window screen")
@click.pass_context
def staff_add(ctx: click.Context, no: str, name: str, pin: str, role: str, title: str, photo: str | None) -> None:
    try:
        with engine_of(ctx).begin() as conn:
            auth.add_staff(conn, no, name, pin, role, title, photo)
    except DomainError as err:
        raise fail(err) from err
    click.echo(f"added {role} {no} {name}")


@staff.command("set-pin")
@click.option("--no", "no", required=True)
@click.option("--pin", prompt=True, hide_input=True, confirmation_prompt=True)
@click.pass_context
def staff_set_pin(ctx: click.Context, no: str, pin: str) -> None:
    try:
        with engine_of(ctx).begin() as conn:
            auth.set_pin(conn, no, pin)
    except DomainError as err:
        raise fail(err) from err
    click.echo(f"PIN changed for {no}; failed-login lock cleared")


@staff.command("list")
@click.pass_context
def staff_list(ctx: click.Context) -> None:
    with engine_of(ctx).connect() as conn:
        for row in staff_rows.all_members(conn):
            state = "active" if row.active else "inactive"
            click.echo(f"{row.no}\t{row.name}\t{row.role}\t{row.title}\t{state}")


@admin.group("device")
def device() -> None:
    """Device tokens for kiosks, displays, rating pads and callers."""


@device.command("add")
@click.option("--kind", type=click.Choice(auth.DEVICE_KINDS), required=True)
@click.option("--name", required=True)
@click.option(
    "--window", "windows", type=int, multiple=True, help="window number (pad: exactly one; caller: one or more)"
)
@click.pass_context
def device_add(ctx: click.Context, kind: str, name: str, windows: tuple[int, ...]) -> None:
    """Issue a device token; the token is printed on the last line."""
    try:
        with engine_of(ctx).begin() as conn:
            now = SystemClock().now()
            token = auth.add_device(conn, kind, name, list(windows), now)
            audit.record(
                conn, "", now, Who.command_line(), "token_issued", f"devices.{name}", after=_device(kind, windows)
            )
    except DomainError as err:
        raise fail(err) from err
    bound = f" for window(s) {', '.join(map(str, windows))}" if windows else ""
    click.echo(f"added {kind} {name}{bound}; keep this token secret:")
    click.echo(token)


def _device(kind: str, windows: tuple[int, ...]) -> dict[str, Any]:
    return {"kind": kind, "windows": list(windows)}


@device.command("list")
@click.pass_context
def device_list(ctx: click.Context) -> None:
    with engine_of(ctx).connect() as conn:
        for row in device_rows.by_name(conn):
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
            windows = ",".join(str(w) for w in sorted(row.windows)) or "-"
            click.echo(f"{row.name}\t{row.kind}\twindows={windows}\t{state}")


@device.command("revoke")
@click.option("--name", required=True)
@click.pass_context
def device_revoke(ctx: click.Context, name: str) -> None:
    try:
        with engine_of(ctx).begin() as conn:
            now = SystemClock().now()
            auth.revoke_device(conn, name, now)
            audit.record(conn, "", now, Who.command_line(), "token_revoked", f"devices.{name}")
    except DomainError as err:
        raise fail(err) from err
    click.echo(f"revoked {name}")


@admin.command("export-ratings")
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]), help="first day, YYYY-MM-DD")
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]), help="last day, YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="file to write (default: stdout)")
@click.option(
    "--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="hall TOML (default: sample hall)"
)
@click.pass_context
def export_ratings(
    ctx: click.Context, start: Any, end: Any, fmt: str, out: str | None, config_path: str | None
) -> None:
    """Ratings as records for the provincial 好差评 platform (GB/T 39734-2020 levels: 满意度 1 = 非常满意 … 5 =
    非常不满意, with the level's name). Exports the hall in the database; with several, --config names it."""
    from .export import ratings_records, to_csv, to_jsonl
    from .live_config import stored_config
    from .storage.hall import hall_ids

    if end.date() < start.date():
        raise click.ClickException("--to is before --from")
    config = load_config(config_path) if config_path else None
    with engine_of(ctx).begin() as conn:
        halls = hall_ids(conn)
        if config is not None:
            hall_id = config.hall.id
            if hall_id not in halls:
                raise click.ClickException(
                    f"hall {hall_id!r} of {config_path} is not in this database ({', '.join(halls) or 'none'})"
                )
        else:
            hall_id = _the_one_hall(halls, hall_ids(conn, with_tickets=True))
            config = stored_config(conn, hall_id)  # names as the hall runs them now
            if config is None:
                click.echo("no configuration stored: services and windows are exported by code and number", err=True)
        records = list(ratings_records(conn, hall_id, config, start.date(), end.date()))
        period = {"from": f"{start:%Y-%m-%d}", "to": f"{end:%Y-%m-%d}", "format": fmt, "records": len(records)}
        audit.record(conn, hall_id, SystemClock().now(), Who.command_line(), "export", "ratings", after=period)
    if not records:  # said, not failed: a month without ratings is a fact a monthly script must survive
        click.echo(
            f"no ratings for hall {hall_id!r} from {start:%Y-%m-%d} to {end:%Y-%m-%d}: only the header", err=True
        )
    text = to_csv(iter(records)) if fmt == "csv" else to_jsonl(iter(records))
    if out:
        Path(out).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")  # BOM: Excel opens it
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)


admin.add_command(appointments)
admin.add_command(config_group)
admin.add_command(backup_command)
admin.add_command(restore_command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(server())


def _the_one_hall(halls: list[str], with_tickets: list[str]) -> str:
    """The hall a command without --config means: the database's only hall, or the only one that ever issued a
    ticket (a hall set up and never opened has nothing to report)."""
    if len(halls) == 1:
        return halls[0]
    if not halls:
        raise click.ClickException("this database holds no hall yet: nothing to export")
    if len(with_tickets) == 1:
        return with_tickets[0]
    raise click.ClickException(f"this database holds several halls ({', '.join(halls)}): name one with --config")
