"""`jiaohao admin` with its defaults, as an administrator types it on the hall server: the default database
(the user data folder), the sample hall, CSV on standard output. Each command's exit status is what a script
checks: 0 when it did its job, 1 with a sentence when it refused, 2 for a command line it cannot read."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jiaohao.cli import main
from jiaohao.domain.clock import ManualClock
from tests.support.hall import MORNING
from tests.support.harness import API, HallHarness
from tests.support.internals import load_sample_hall
from tests.support.screenshots import ROOT

DAY = "2026-03-02"  # MORNING's business day


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user data folder of its own: the default database lives there."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def admin(*args: str) -> Result:
    return CliRunner().invoke(main, ["admin", *args])


def test_admin_commands_with_their_defaults_succeed_on_the_default_database(data_home: Path) -> None:
    added = admin("staff", "add", "--no", "2001", "--name", "李娜", "--pin", "246810")
    assert added.exit_code == 0, added.output
    listed = admin("staff", "list")
    assert listed.exit_code == 0 and "2001\t李娜\tstaff" in listed.output
    device = admin("device", "add", "--kind", "kiosk", "--name", "kiosk1")
    assert device.exit_code == 0 and len(device.output.strip().splitlines()[-1]) >= 40
    assert admin("device", "list").exit_code == 0
    # No hall has run on this database yet: nothing to export says so and fails, never an empty file with 0.
    exported = admin("export-ratings", "--from", DAY, "--to", DAY)
    assert exported.exit_code == 1 and "nothing to export" in exported.output, exported.output
    assert (data_home / "jiaohao" / "jiaohao.db").is_file(), "the default database is in the user data folder"


def test_refusals_exit_1_with_a_sentence_and_bad_command_lines_exit_2(data_home: Path) -> None:
    backwards = admin("export-ratings", "--from", "2026-03-03", "--to", DAY)
    assert backwards.exit_code == 1 and "--to is before --from" in backwards.output
    twice = admin("staff", "add", "--no", "2001", "--name", "李娜", "--pin", "246810")
    assert twice.exit_code == 0
    again = admin("staff", "add", "--no", "2001", "--name", "重复", "--pin", "246810")
    assert again.exit_code == 1 and "工号 2001 已存在" in again.output
    missing = admin("export-ratings")
    assert missing.exit_code == 2 and "--from" in missing.output


def test_the_default_export_holds_the_sample_halls_ratings_with_the_clerk(data_home: Path) -> None:
    """The hall ran with the defaults (sample hall, default database); the export with the defaults finds its
    ratings, each with the staff number of the clerk who served."""
    from server.storage.database import default_sqlite_url

    hall_config = load_sample_hall()
    with HallHarness.start(hall_config, ManualClock(MORNING), default_sqlite_url()) as hall:
        staff = hall_config.staff[0]
        window = next(w for w in hall_config.windows if hall_config.services[0].code in w.services)
        assert staff.pin is not None
        clerk = hall.login(staff.no, staff.pin, window=window.number)
        pad = hall.device("pad", [window.number])
        ticket = hall.issued(hall_config.services[0].code, holder_id="110101199001011234")
        assert hall.act(window.number, "call-next", clerk).status_code == 200
        assert hall.act(window.number, "finish", clerk).status_code == 200
        rated = hall.client.post(f"{API}/ratings", json={"ticket_id": ticket["id"], "level": 4}, headers=pad)
        assert rated.status_code == 201, rated.text
        hall.advance(timedelta(minutes=1))
    exported = admin("export-ratings", "--from", DAY, "--to", DAY)
    assert exported.exit_code == 0, exported.output
    (record,) = csv.DictReader(io.StringIO(exported.output))
    assert (record["办件编号"].endswith(ticket["number"]), record["满意度"], record["工号"]) == (True, "2", staff.no)


def test_the_console_script_passes_the_exit_status_on(data_home: Path) -> None:
    """What a shell script sees: the real `jiaohao` command in its own process."""
    env = {**os.environ, "XDG_DATA_HOME": str(data_home)}
    command = [sys.executable, "-m", "jiaohao", "admin"]
    ok = subprocess.run([*command, "staff", "list"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    export = [*command, "export-ratings", "--from", DAY, "--to", "2026-03-01"]
    refused = subprocess.run(export, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert (ok.returncode, refused.returncode) == (0, 1), (ok.stderr, refused.stderr)
