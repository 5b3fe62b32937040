"""Backups of a SQLite hall: `jiaohao admin backup` while the server serves, `jiaohao admin restore` into a
fresh database, and a real server on the restored copy that still knows every ticket, rating and device;
the nightly copy and its retention, driven by the server's test clock."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from client.api import HallApi
from tests.support.hall import MORNING, provision, write_hall_file
from tests.support.internals import ratings_of
from tests.support.live import DEFAULT_DEVICES, start_live_hall
from tests.support.server_process import ServerProcess

pytestmark = pytest.mark.slow


def admin(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jiaohao", "admin", "--db", db_url, *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_backup_restore_serve_keeps_every_ticket_and_rating(tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite3"
    with start_live_hall(tmp_path / "hall", clock=MORNING) as live:
        kiosk, pad = live.api("kiosk"), live.api("pad")
        served = [live.serve(1) for _ in range(3)]
        for ticket, level in zip(served, (5, 4, 1), strict=True):
            pad.rate(ticket.id, level, reasons=["办事效率"] if level == 1 else None)
        waiting = [kiosk.issue_ticket("SVC_B", holder_id=f"1380000000{i}") for i in range(2)]
        tickets = [*served, *waiting]
        before = {t.id: kiosk.ticket(t.id, t.track_token) for t in tickets}
        rated = {t.id: ratings_of(live.db_url, t.id) for t in served}

        done = admin(live.db_url, "backup", "--out", str(copy))  # online: the server keeps running
        assert done.returncode == 0, done.stderr
        assert "已备份到" in done.stdout
        config_path = live.config_path

    fresh = f"sqlite:///{tmp_path / 'restored' / 'hall.db'}"
    done = admin(fresh, "restore", str(copy))
    assert done.returncode == 0, done.stderr
    server = ServerProcess(config_path, fresh, clock=MORNING + timedelta(minutes=5)).start()
    try:
        with HallApi(server.url, live.tokens["kiosk"]) as kiosk:  # the devices' tokens came back too
            for ticket in tickets:
                again = kiosk.ticket(ticket.id, ticket.track_token)
                assert (again.number, again.state) == (before[ticket.id].number, before[ticket.id].state)
            for ticket in served:
                assert ratings_of(fresh, ticket.id) == rated[ticket.id]
            assert [s.waiting for s in kiosk.hall().services if s.code == "SVC_B"] == [2]
            # Numbering goes on from the copy: no citizen gets a number someone already holds.
            last = waiting[-1].number
            after = kiosk.issue_ticket("SVC_B", holder_id="13900000000").number
            assert after == f"B{int(last[1:]) + 1:0{len(last) - 1}d}", (last, after)
    finally:
        server.stop()


def test_restore_refuses_a_file_that_is_not_a_backup_and_leaves_the_database(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hall.db'}"
    config = write_hall_file(tmp_path / "hall")
    provision(db, config.path, DEFAULT_DEVICES)
    junk = tmp_path / "notes.txt"
    junk.write_text("这不是备份", encoding="utf-8")
    done = admin(db, "restore", str(junk))
    assert done.returncode == 1
    assert "不是叫号系统的备份文件" in done.stderr and "Traceback" not in done.stderr
    assert "备份文件不存在" in admin(db, "restore", str(tmp_path / "missing.sqlite3")).stderr
    assert admin(db, "device", "list").returncode == 0  # the hall's database is still there and readable
    postgres = admin("postgresql://nobody@127.0.0.1:1/none", "backup", "--out", str(tmp_path / "x"))
    assert postgres.returncode == 1


def test_the_nightly_backup_keeps_the_newest_copies(tmp_path: Path) -> None:
    folder = tmp_path / "nightly"
    hall_file = write_hall_file(tmp_path / "hall", prefix="nightly")
    with hall_file.path.open("a", encoding="utf-8") as f:
        f.write(f'\n[backup]\nfolder = "{folder}"\nat = "23:00"\nkeep = 2\n')
    db = f"sqlite:///{tmp_path / 'hall.db'}"
    provision(db, hall_file.path, DEFAULT_DEVICES)
    server = ServerProcess(hall_file.path, db, clock=MORNING).start()  # 10:00 in Shanghai: not yet
    try:
        server.advance(timedelta(minutes=5))
        assert not folder.exists() or not list(folder.iterdir())
        for day in range(3):  # 23:30 on three evenings; a second sweep the same night adds nothing
            server.set_clock(MORNING + timedelta(days=day, hours=13, minutes=30))
            server.advance(timedelta(minutes=10))
        names = sorted(p.name for p in folder.iterdir())
        hall = hall_file.hall_id
        assert names == [f"jiaohao-{hall}-20260303-2330.sqlite3", f"jiaohao-{hall}-20260304-2330.sqlite3"]
        with HallApi(server.url) as api:
            assert api.hall().name  # the hall served throughout
    finally:
        server.stop()
