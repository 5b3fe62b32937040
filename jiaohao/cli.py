"""The `jiaohao` command: one console script, one sub-command per role."""

from __future__ import annotations

import importlib

import click

# Each module listed here exposes `commands: list[click.Command]`; they are added to the top-level group.
# Keeping the list here (rather than importing everything) keeps `jiaohao --help` fast and lets a role
# that needs Qt stay out of the server's import graph.
COMMAND_MODULES = [
    "server.cli",
    "drivers.printer.cli",
    "drivers.bus.cli",
    "drivers.voice.cli",
    "client.cli",
    "kiosk.cli",
    "caller.cli",
    "display.cli",
    "pad.cli",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jiaohao")
def main() -> None:
    """Jiaohao (叫号): queue and kiosk system for public service halls."""


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name is not None and name.startswith(err.name):  # that role is not built yet
                continue
            raise
        for command in getattr(module, "commands", []):
            main.add_command(command)


_register()
