"""The `jiaohao` command: one console script, one sub-command per role.

Sub-commands load lazily (click's LazyGroup pattern): `SUBCOMMANDS` names where each one lives, and only the
one being run is imported. So `jiaohao --help` and `jiaohao kiosk` never load the server's database and
HTTP stack, and `jiaohao server` never loads Qt. The listing in `jiaohao --help` is drawn from the table's
summaries (each the first sentence of that command's own help; a test keeps them equal) so that listing
imports nothing either.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import click

__all__ = ["SUBCOMMANDS", "LazyGroup", "Subcommand", "main"]


@dataclass(frozen=True)
class Subcommand:
    target: str  # "module:attribute" of the click command
    summary: str  # the first sentence of its help, for the listing

    def load(self) -> click.Command:
        module_name, _, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


SUBCOMMANDS: dict[str, Subcommand] = {
    "server": Subcommand("server.cli:server", "Run the hall server: HTTP + WebSocket API, and zeroconf advertisement."),
    "admin": Subcommand("server.cli:admin", "Staff, devices and appointments."),
    "kiosk": Subcommand(
        "kiosk.cli:kiosk",
        "The ticket kiosk: touch screen, printer (--printer URI, e.g. tcp://10.0.0.60:9100 or virtual://DIR).",
    ),
    "caller": Subcommand(
        "caller.cli:caller",
        "The window caller (叫号器): log in, call, serve, transfer, pause; keypad and sign on the bus; the "
        "一次性告知书 on the window's receipt printer (--printer URI, as the kiosk's).",
    ),
    "bus": Subcommand(
        "caller.cli:bus",
        "Act for every mapped window's keypad on one bus (halls with keypads and no PC at the windows).",
    ),
    "display": Subcommand(
        "display.cli:display", "The hall screen (综合屏), or with --window N the window screen (窗口屏)."
    ),
    "pad": Subcommand(
        "pad.cli:pad", "The rating pad (评价器) of one window: touch tablet and/or a serial 4/5-key evaluator."
    ),
    "simulate": Subcommand(
        "demo.cli:simulate",
        "Play a busy day in the hall through the API: arrivals by the hour (morning peak, lunch dip, afternoon "
        "peak), green-channel tickets, no-shows and transfers, with a summary at the end.",
    ),
    "demo": Subcommand(
        "demo.cli:demo",
        "The whole hall on this machine: a server on SQLite in a temporary folder (the sample hall, open all "
        "day), device tokens, the simulator printing every ticket on a virtual printer, and every front-end "
        "that exists.",
    ),
    "print-test": Subcommand(
        "drivers.printer.cli:print_test", "Print a sample Chinese ticket, then show the printer's status."
    ),
    "printer-sim": Subcommand("drivers.printer.cli:printer_sim", "Run a network ESC/POS printer simulator."),
    "bus-sim": Subcommand(
        "drivers.bus.cli:bus_sim", "Simulate hall keypads, number signs and evaluators; type key presses on stdin."
    ),
    "bus-test": Subcommand(
        "drivers.bus.cli:bus_test",
        "Host the bus: show a number and beep at ADDR, then print every key and rating until stdin closes.",
    ),
    "say": Subcommand(
        "drivers.voice.cli:say", "Speak one call now, or write it to a WAV with --out (jiaohao say A001 3)."
    ),
    "voice-pack": Subcommand("drivers.voice.cli:voice_pack", "Voice packs (语音包) for calling numbers."),
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported when one is run (or asked for its own --help)."""

    def __init__(self, *args: object, subcommands: dict[str, Subcommand], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.subcommands = subcommands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.subcommands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.subcommands:
            self.add_command(self.subcommands[cmd_name].load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click's own listing, but from the table's summaries: listing must not import every role."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                command = self.commands[name]
                if not command.hidden:
                    rows.append((name, command.get_short_help_str(limit)))
            else:  # a stand-in command shortens the summary exactly as click shortens the real one's help
                stand_in = click.Command(name, help=self.subcommands[name].summary)
                rows.append((name, stand_in.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup, subcommands=SUBCOMMANDS, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(package_name="jiaohao")
def main() -> None:
    """Jiaohao (叫号): queue and kiosk system for public service halls."""
