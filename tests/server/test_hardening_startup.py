"""Issue 15, items 5, 6 and 11: no published PIN works, no password in the banner, one clear line per bad start."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from server.hallfile import sample_hall_path
from tests.support.hall import ALLDAY_HALL
from tests.support.server_process import ServerProcess

API = "/api/v1"
SAMPLE_PINS = {"9001": "900900", "2001": "202501", "1001": "246810"}  # published in server/sample_hall.toml

pytestmark = pytest.mark.slow


def _login(server: ServerProcess, staff_no: str, pin: str) -> int:
    body = {"staff_no": staff_no, "pin": pin, "window": None if staff_no != "1001" else 1}
    return httpx.post(f"{server.url}{API}/auth/login", json=body, timeout=30).status_code


def test_the_sample_hall_has_no_published_pin_and_the_first_admin_pin_is_shown_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'first.db'}"
    with ServerProcess(sample_hall_path(), db, demo_pins=False) as server:
        shown = re.search(r"管理员 9001 的初始 PIN：(\d{6})", "".join(server.log))
        assert shown is not None, "".join(server.log)
        for staff_no, pin in SAMPLE_PINS.items():
            assert _login(server, staff_no, pin) == 401, staff_no
        assert _login(server, "9001", shown.group(1)) == 200
    with ServerProcess(sample_hall_path(), db, demo_pins=False) as again:
        assert "初始 PIN" not in "".join(again.log)  # shown once, at the first start only
        assert _login(again, "9001", shown.group(1)) == 200


def test_demo_pins_are_an_explicit_choice(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    with ServerProcess(sample_hall_path(), db, demo_pins=True) as server:
        assert "初始 PIN" not in "".join(server.log)
        assert _login(server, "9001", SAMPLE_PINS["9001"]) == 200


def test_the_banner_and_logs_hide_the_database_password(pg_url: str) -> None:
    with_password = pg_url.replace("postgres@", "postgres:Secret-Hall-PW@", 1)
    assert "Secret-Hall-PW" in with_password
    with ServerProcess(ALLDAY_HALL, with_password) as server:
        assert httpx.get(f"{server.url}{API}/hall", timeout=30).status_code == 200
    log = "".join(server.log)
    assert "postgres:***@" in log, log
    assert "Secret-Hall-PW" not in log


def _start_fails(tmp_path: Path, *args: str) -> list[str]:
    cmd = [sys.executable, "-m", "jiaohao", "server", "--no-zeroconf", "--port", "0", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode != 0, done
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert "Traceback" not in done.stderr
    return lines


def test_a_bad_pin_in_the_hall_file_is_one_line_naming_the_place(tmp_path: Path) -> None:
    hall = tmp_path / "hall.toml"
    hall.write_text(ALLDAY_HALL.read_text(encoding="utf-8").replace('pin = "1111"', 'pin = "12"'), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'x.db'}"
    lines = _start_fails(tmp_path, "--config", str(hall), "--db", db, "--demo-pins")
    assert len(lines) == 1 and "staff[0].pin" in lines[0] and "1001" in lines[0], lines


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("sqlite:////proc/nope/x.db", "/proc/nope"),
        ("mysql://hall:pw@db.local/jiaohao", "不支持的数据库"),
        ("garbage", "数据库地址无效"),
    ],
)
def test_an_unusable_database_url_is_one_clear_line(tmp_path: Path, url: str, says: str) -> None:
    lines = _start_fails(tmp_path, "--config", str(ALLDAY_HALL), "--db", url)
    assert len(lines) == 1 and says in lines[0], lines
    assert ":pw@" not in lines[0]
