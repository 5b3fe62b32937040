"""`jiaohao server` and `jiaohao admin`."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import logging
import os
import socket
import sys
from pathlib import Path
from typing import Any

import click

from jiaohao.domain.clock import SystemClock
from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import DomainError
from jiaohao.wire.models import AppointmentIn

from . import audit, auth
from .audit import Who
from .hallfile import HallFileError, load_hall, load_sample_hall, sample_hall_path
from .storage import Engine
from .storage import devices as device_rows
from .storage import staff as staff_rows
from .storage.database import StorageError, default_sqlite_url, make_engine, migrate

log = logging.getLogger("server")


def _load_config(path: str | None) -> HallConfig:
    try:
        return load_hall(Path(path)) if path else load_sample_hall()
    except HallFileError as err:
        raise click.ClickException(str(err)) from err


def _lan_address(host: str) -> str:
    if host not in ("0.0.0.0", "", "::"):
        return host
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return "127.0.0.1"


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
@click.option("--public-url", help="base URL printed in tickets' QR codes (default: http://<LAN address>:<port>)")
@click.option("--no-zeroconf", is_flag=True, help="do not advertise the hall on the LAN")
@click.option("--zeroconf-interface", multiple=True, help="IP of an interface to advertise on (repeatable)")
@click.option("--log-level", default="info", type=click.Choice(["debug", "info", "warning", "error"]))
def server(
    config_path: str | None,
    db_url: str | None,
    host: str,
    port: int,
    public_url: str | None,
    no_zeroconf: bool,
    zeroconf_interface: tuple[str, ...],
    log_level: str,
) -> None:
    """Run the hall server: HTTP + WebSocket API, and zeroconf advertisement."""
    import uvicorn

    from . import testmode
    from .app import create_app
    from .runtime import HallRuntime, ServerSettings

    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    config = _load_config(config_path)
    try:
        test_clock = testmode.clock_from_env(os.environ)
    except ValueError as err:
        raise click.ClickException(str(err)) from err
    address = zeroconf_interface[0] if zeroconf_interface else _lan_address(host)
    settings = ServerSettings(
        db_url=db_url or default_sqlite_url(),
        public_url=public_url or f"http://{address}:{port}",
        clock=test_clock or SystemClock(),
        photo_root=Path(config_path).resolve().parent if config_path else sample_hall_path().parent,
    )
    advertiser: Any = None
    advertising: asyncio.Task[None] | None = None

    async def started(runtime: HallRuntime) -> None:
        nonlocal advertiser, advertising
        if no_zeroconf:
            return
        from .discovery import HallAdvertiser, local_ipv4_addresses

        interfaces = list(zeroconf_interface) or None
        addresses = list(zeroconf_interface) or ([host] if host not in ("0.0.0.0", "") else local_ipv4_addresses())
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
    click.echo(f"{config.hall.name}: http://{host}:{port}/api/v1  (database {settings.db_url})", err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        ws="websockets-sansio",
        access_log=False,
        timeout_graceful_shutdown=3,
        proxy_headers=False,  # a hall server faces its LAN directly; parsing forwarded headers costs every request
        server_header=False,
    )


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


def _engine(ctx: click.Context) -> Engine:
    engine: Engine = ctx.obj["engine"]
    return engine


def _fail(err: DomainError) -> click.ClickException:
    return click.ClickException(err.message)


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
        with _engine(ctx).begin() as conn:
            auth.add_staff(conn, no, name, pin, role, title, photo)
    except DomainError as err:
        raise _fail(err) from err
    click.echo(f"added {role} {no} {name}")


@staff.command("set-pin")
@click.option("--no", "no", required=True)
@click.option("--pin", prompt=True, hide_input=True, confirmation_prompt=True)
@click.pass_context
def staff_set_pin(ctx: click.Context, no: str, pin: str) -> None:
    try:
        with _engine(ctx).begin() as conn:
            auth.set_pin(conn, no, pin)
    except DomainError as err:
        raise _fail(err) from err
    click.echo(f"PIN changed for {no}; failed-login lock cleared")


@staff.command("list")
@click.pass_context
def staff_list(ctx: click.Context) -> None:
    with _engine(ctx).connect() as conn:
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
        with _engine(ctx).begin() as conn:
            now = SystemClock().now()
            token = auth.add_device(conn, kind, name, list(windows), now)
            audit.record(
                conn, "", now, Who.command_line(), "token_issued", f"devices.{name}", after=_device(kind, windows)
            )
    except DomainError as err:
        raise _fail(err) from err
    bound = f" for window(s) {', '.join(map(str, windows))}" if windows else ""
    click.echo(f"added {kind} {name}{bound}; keep this token secret:")
    click.echo(token)


def _device(kind: str, windows: tuple[int, ...]) -> dict[str, Any]:
    return {"kind": kind, "windows": list(windows)}


@device.command("list")
@click.pass_context
def device_list(ctx: click.Context) -> None:
    with _engine(ctx).connect() as conn:
        for row in device_rows.by_name(conn):
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
            windows = ",".join(str(w) for w in sorted(row.windows)) or "-"
            click.echo(f"{row.name}\t{row.kind}\twindows={windows}\t{state}")


@device.command("revoke")
@click.option("--name", required=True)
@click.pass_context
def device_revoke(ctx: click.Context, name: str) -> None:
    try:
        with _engine(ctx).begin() as conn:
            now = SystemClock().now()
            auth.revoke_device(conn, name, now)
            audit.record(conn, "", now, Who.command_line(), "token_revoked", f"devices.{name}")
    except DomainError as err:
        raise _fail(err) from err
    click.echo(f"revoked {name}")


@admin.group("appointments")
def appointments() -> None:
    """Appointments (预约)."""


@appointments.command("import")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
@click.option(
    "--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="hall TOML (default: sample hall)"
)
@click.pass_context
def appointments_import(ctx: click.Context, csv_file: Any, config_path: str | None) -> None:
    """Import a CSV with columns service,date,slot,code,name,phone. All rows or none."""
    from pydantic import ValidationError

    from .api_tickets import add_appointment
    from .runtime import prepare_database

    config = _load_config(config_path)
    engine = _engine(ctx)
    prepare_database(engine, config)
    reader = csv.DictReader(csv_file)
    missing = {"service", "date", "slot", "code", "name", "phone"} - set(reader.fieldnames or [])
    if missing:
        raise click.ClickException(f"CSV is missing columns: {', '.join(sorted(missing))}")
    count = 0
    with engine.begin() as conn:
        for line, row in enumerate(reader, start=2):
            try:
                body = AppointmentIn.model_validate(
                    {k: row[k] for k in ("service", "date", "slot", "code", "name", "phone")}
                )
                add_appointment(conn, config, body)
            except ValidationError as err:
                raise click.ClickException(
                    f"line {line}: {err.errors()[0]['loc'][0]}: {err.errors()[0]['msg']}"
                ) from err
            except DomainError as err:
                raise click.ClickException(f"line {line}: {err.message}") from err
            count += 1
    click.echo(f"imported {count} appointments")


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
    """Ratings as GB/T 39046-style records (满意度 1 = 非常满意 … 5 = 非常不满意), for upward reporting."""
    from .export import ratings_records, to_csv, to_jsonl

    if end.date() < start.date():
        raise click.ClickException("--to is before --from")
    config = _load_config(config_path)
    with _engine(ctx).begin() as conn:
        records = list(ratings_records(conn, config, start.date(), end.date()))
        text = to_csv(iter(records)) if fmt == "csv" else to_jsonl(iter(records))
        period = {"from": f"{start:%Y-%m-%d}", "to": f"{end:%Y-%m-%d}", "format": fmt, "records": len(records)}
        audit.record(conn, config.hall.id, SystemClock().now(), Who.command_line(), "export", "ratings", after=period)
    if out:
        Path(out).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")  # BOM: Excel opens it
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text, nl=False)


@admin.group("config")
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

    config = _load_config(config_path)
    try:
        with _engine(ctx).begin() as conn:
            now = SystemClock().now()
            text = export_hall_file(conn, config.hall.id, now)
            audit.record(conn, config.hall.id, now, Who.command_line(), "export", "config", after={"out": out or "-"})
    except DomainError as err:
        raise _fail(err) from err
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

    config = _load_config(hall_file)
    engine = _engine(ctx)
    prepare_database(engine, config)
    with engine.begin() as conn:
        live_config.import_file(conn, config, SystemClock().now(), Who.command_line())
    click.echo(f"imported {hall_file} as the configuration of hall {config.hall.id}; restart the server to use it")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(server())
