"""Issue 15, item 10: a full disk answers 503 `storage_full`, logs one line, says so on /health, warns at
start, and the hall goes on by itself once space is freed.

The disk is real: a 3 MiB tmpfs mounted for the test (root only; elsewhere the test is skipped), holding the
SQLite database, filled up by a file the test writes."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.errors import chinese_sentence
from tests.support.hall import provision, write_hall_file
from tests.support.server_process import ServerProcess

API = "/api/v1"
pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def _fill(folder: Path) -> Path:
    """Take every free byte of the disk (tmpfs: pages), in smaller and smaller writes."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        for size in (65536, 4096, 1):
            try:
                while True:
                    out.write(b"\0" * size)
            except OSError as err:
                assert err.errno == errno.ENOSPC, err
    return filler


def test_a_full_disk_is_503_storage_full_and_the_hall_recovers(small_disk: Path, tmp_path: Path) -> None:
    hall = write_hall_file(tmp_path, prefix="full-disk").path
    seeded = tmp_path / "seeded.db"
    tokens = provision(f"sqlite:///{seeded}", hall, [("kiosk", "kiosk1", [])])
    for part in tmp_path.glob("seeded.db*"):
        shutil.copy(part, small_disk / part.name.replace("seeded", "hall"))
    db = f"sqlite:///{small_disk / 'hall.db'}"
    headers = {"Authorization": f"Bearer {tokens['kiosk1']}"}
    with ServerProcess(hall, db) as server, httpx.Client(base_url=server.url, headers=headers, timeout=30) as kiosk:
        assert any("磁盘只剩" in line for line in server.log), "".join(server.log)
        assert kiosk.post(f"{API}/tickets", json={"service": "SVC_A"}).status_code == 201
        filler = _fill(small_disk)
        statuses = []
        for _ in range(300):
            r = kiosk.post(f"{API}/tickets", json={"service": "SVC_A"})
            statuses.append(r.status_code)
            if r.status_code == 503:
                body = r.json()["error"]
                assert body["code"] == "storage_full" and "磁盘已满" in body["message"], body
                chinese_sentence(body["message"])
                break
        assert statuses[-1] == 503 and set(statuses) <= {201, 503}, statuses
        for _ in range(3):  # more requests while full: 503 each, and still one log line
            assert kiosk.post(f"{API}/tickets", json={"service": "SVC_A"}).status_code == 503
        assert kiosk.get(f"{API}/health").json()["status"] == "degraded"
        filler.unlink()
        r = kiosk.post(f"{API}/tickets", json={"service": "SVC_A"})
        assert r.status_code == 201, r.text
        assert kiosk.get(f"{API}/health").json()["status"] == "ok"
        issued = sum(1 for status in statuses if status == 201) + 2
        numbers = next(s for s in kiosk.get(f"{API}/hall").json()["services"] if s["code"] == "SVC_A")
        assert numbers["issued_today"] == issued  # nothing half-stored while the disk was full
    rest = []
    while (line := server.lines.get(timeout=10)) is not None:  # its log up to its end
        rest.append(line)
    log = "".join(server.log + rest)
    assert "Traceback" not in log, log[-3000:]
    assert log.count("disk is full") == 1, log[-3000:]
