"""The `jiaohao` command: `--help` lists every sub-command without loading a database, HTTP or Qt library,
and each sub-command (with its own `--help`) is the one its module defines."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from jiaohao.cli import SUBCOMMANDS, main

HEAVY = ("sqlalchemy", "alembic", "fastapi", "starlette", "uvicorn", "httpx", "PySide6", "shiboken6", "zeroconf")

_PROBE = f"""
import contextlib, io, json, sys
from jiaohao.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main(["--help"], standalone_mode=False)
    except SystemExit:
        pass
loaded = sorted({{name.split(".")[0] for name in sys.modules}} & set({HEAVY!r}))
print(json.dumps({{"help": out.getvalue(), "loaded": loaded}}))
"""


def test_help_loads_no_database_http_or_qt_library_and_lists_every_subcommand() -> None:
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True, timeout=60)
    answer = json.loads(done.stdout)
    assert answer["loaded"] == []
    listed = answer["help"].split("Commands:")[1].split()
    assert set(SUBCOMMANDS) <= set(listed)
    assert "jiaohao demo" not in answer["help"]  # the group's own help, not a sub-command's


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_each_subcommand_is_its_modules_command_with_its_own_help(name: str) -> None:
    entry = SUBCOMMANDS[name]
    command = entry.load()
    assert command.name == name
    # The listing shows the table's summary: it must say what the command's own help says.
    assert entry.summary == command.get_short_help_str(10_000)
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: main {name}" in result.output or f"Usage: jiaohao {name}" in result.output


def test_no_command_of_a_cli_module_is_left_out_of_the_table() -> None:
    """A command added to a role's cli.py but not to SUBCOMMANDS would silently vanish from `jiaohao`."""
    listed = {entry.load() for entry in SUBCOMMANDS.values()}
    modules = {entry.target.partition(":")[0] for entry in SUBCOMMANDS.values()}
    for module_name in sorted(modules):
        module = importlib.import_module(module_name)
        commands = [value for value in vars(module).values() if isinstance(value, click.Command)]
        nested = {sub for group in commands if isinstance(group, click.Group) for sub in group.commands.values()}
        top_level = {c for c in commands if c not in nested and getattr(c.callback, "__module__", "") == module_name}
        assert top_level <= listed, (module_name, sorted(c.name or "" for c in top_level - listed))
