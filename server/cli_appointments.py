"""`jiaohao admin appointments`: import a day's bookings from a CSV, list a day's bookings."""

from __future__ import annotations

import csv
from typing import Any

import click

from jiaohao.domain.clock import SystemClock
from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import DomainError
from jiaohao.wire.models import AppointmentIn

from .cli_common import engine_of, load_config

__all__ = ["appointments"]


@click.group("appointments")
def appointments() -> None:
    """Appointments (预约)."""


@appointments.command("import")
@click.argument("csv_file", type=click.File("r", encoding="utf-8-sig"))
@click.option(
    "--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="hall TOML (default: sample hall)"
)
@click.pass_context
def appointments_import(ctx: click.Context, csv_file: Any, config_path: str | None) -> None:
    """Import a CSV with columns service,date,slot,code,name,phone (service: its code or its name, as in the
    hall file). All rows or none."""
    from pydantic import ValidationError

    from .api_tickets import add_appointment
    from .runtime import prepare_database

    config = load_config(config_path)
    engine = engine_of(ctx)
    for no, pin in prepare_database(engine, config, hall_file_pins=False).generated_pins.items():
        click.echo(f"管理员 {no} 的初始 PIN：{pin}（只显示这一次）", err=True)
    reader = csv.DictReader(csv_file)
    missing = {"service", "date", "slot", "code", "name", "phone"} - set(reader.fieldnames or [])
    if missing:
        raise click.ClickException(f"CSV is missing columns: {', '.join(sorted(missing))}")
    count = 0
    with engine.begin() as conn:
        for line, row in enumerate(reader, start=2):
            try:
                fields = {k: row[k] for k in ("service", "date", "slot", "code", "name", "phone")}
                fields["service"] = _service_code(config, (fields["service"] or "").strip())
                body = AppointmentIn.model_validate(fields)
                add_appointment(conn, config, body)
            except ValidationError as err:
                raise click.ClickException(
                    f"line {line}: {err.errors()[0]['loc'][0]}: {err.errors()[0]['msg']}"
                ) from err
            except DomainError as err:
                raise click.ClickException(f"line {line}: {err.message}") from err
            count += 1
    click.echo(f"imported {count} appointments")


def _service_code(config: HallConfig, text: str) -> str:
    """A service named by its code (BDC) or by its name (不动产登记); unknown text is left for the check."""
    if config.service(text) is not None:
        return text
    by_name = next((s.code for s in config.services if s.name == text), None)
    return by_name or text


@appointments.command("list")
@click.option("--date", "day", required=True, type=click.DateTime(["%Y-%m-%d"]), help="the day, YYYY-MM-DD")
@click.option("--service", default=None, help="only this service (its code or its name)")
@click.option(
    "--config", "config_path", type=click.Path(exists=True, dir_okay=False), help="hall TOML (default: sample hall)"
)
@click.pass_context
def appointments_list(ctx: click.Context, day: Any, service: str | None, config_path: str | None) -> None:
    """One line per booking of the day (code, service name, slot, name, phone masked, status), then per slot:
    booked, checked in, no-show."""
    from .bookings import BookingService
    from .storage import appointments as appointment_rows

    config = load_config(config_path)
    service = _service_code(config, service) if service is not None else None
    bookings = BookingService(config)
    now = SystemClock().now()
    with engine_of(ctx).connect() as conn:
        rows = appointment_rows.of_day(conn, config.hall.id, day.date(), service)
        summary = bookings.day_summary(conn, day.date(), now)
    for row in rows:
        status = bookings.status_of(row, now)
        named = config.service(row.service)
        name = named.name if named is not None else row.service
        click.echo(f"{row.code}\t{name}\t{row.slot}\t{row.name_masked}\t{row.phone_masked}\t{status}")
    for slot in summary:
        if (slot.booked or slot.cancelled) and (service is None or slot.service == service):
            click.echo(
                f"# {slot.service} {slot.slot}: booked {slot.booked}/{slot.capacity}, "
                f"checked in {slot.checked_in}, no-show {slot.no_show}, cancelled {slot.cancelled}"
            )
    if not rows:
        click.echo(f"no appointments on {day.date().isoformat()}")
