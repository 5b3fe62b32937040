"""Zeroconf advertisement, for real on 127.0.0.1, seen by a browser in another process (DESIGN §5, §9)."""

from __future__ import annotations

import asyncio
import json
import secrets
import sys
from pathlib import Path
from typing import Any

import pytest

from server.discovery import (
    API_PATH,
    SERVICE_TYPE,
    AdvertiseError,
    HallAdvertiser,
    HallTxt,
    hall_txt,
    instance_name,
    read_hall_txt,
)

BROWSER = Path(__file__).parent.parent / "support" / "zeroconf_browser.py"
LOOPBACK = ["127.0.0.1"]
# Bounds, not sleeps: each wait ends as soon as the line arrives. Generous for a loaded 2-core machine;
# a removal is seen ~1 s after the goodbye, a resolve within a few seconds.
STEP_TIMEOUT = 20.0


class Browser:
    """The browser subprocess, read line by line without blocking the event loop the advertiser runs on."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.events: list[dict[str, Any]] = []  # everything read so far, for failure messages

    @classmethod
    async def start(cls, hall_id: str, expect: int = 1) -> Browser:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(BROWSER),
            "--type",
            SERVICE_TYPE,
            "--hall",
            hall_id,
            "--interface",
            LOOPBACK[0],
            "--expect",
            str(expect),
            "--timeout",
            str(STEP_TIMEOUT * 3),
            stdout=asyncio.subprocess.PIPE,
        )
        browser = cls(process)
        await browser.next_event("ready")
        return browser

    async def next_event(self, kind: str) -> dict[str, Any]:
        assert self.process.stdout is not None
        while True:
            try:
                line = await asyncio.wait_for(self.process.stdout.readline(), STEP_TIMEOUT)
            except TimeoutError:
                pytest.fail(f"no {kind!r} event within {STEP_TIMEOUT} s; browser said {self.events}")
            if not line:
                status = await self.process.wait()
                pytest.fail(f"the browser exited ({status}) before {kind!r}; it said {self.events}")
            event: dict[str, Any] = json.loads(line)
            self.events.append(event)
            if event["event"] == "timeout":
                pytest.fail(f"the browser gave up before {kind!r}; it said {self.events}")
            if event["event"] == kind:
                return event

    async def finished(self) -> int:
        return await asyncio.wait_for(self.process.wait(), STEP_TIMEOUT)

    async def close(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


def unique_hall() -> tuple[str, str]:
    """A hall id and name nobody else on this machine advertises, so parallel test runs do not collide."""
    token = secrets.token_hex(4)
    return f"test-{token}", f"测试大厅 {token}"


def test_browser_in_another_process_finds_the_hall_then_sees_it_removed() -> None:
    async def scenario() -> None:
        hall_id, hall_name = unique_hall()
        browser = await Browser.start(hall_id)
        try:
            advertiser = HallAdvertiser(hall_id, hall_name, 18080, addresses=LOOPBACK, interfaces=LOOPBACK)
            await advertiser.start()
            try:
                assert advertiser.registered_name == hall_name
                added = await browser.next_event("added")
            finally:
                await advertiser.stop()

            assert added["name"] == f"{hall_name}.{SERVICE_TYPE}"
            assert added["port"] == 18080
            assert added["addresses"] == ["127.0.0.1"]
            assert added["properties"] == {"v": "1", "api": API_PATH, "hall": hall_id}

            removed = await browser.next_event("removed")
            assert removed["name"] == added["name"]
            assert await browser.finished() == 0
        finally:
            await browser.close()

    asyncio.run(scenario())


def test_two_servers_with_one_hall_name_both_stay_visible() -> None:
    async def scenario() -> None:
        hall_id, hall_name = unique_hall()
        browser = await Browser.start(hall_id, expect=2)
        first = HallAdvertiser(hall_id, hall_name, 18081, addresses=LOOPBACK, interfaces=LOOPBACK)
        second = HallAdvertiser(hall_id, hall_name, 18082, addresses=LOOPBACK, interfaces=LOOPBACK)
        try:
            await first.start()
            try:
                await second.start()
                try:
                    names = (first.registered_name, second.registered_name)
                    seen = [await browser.next_event("added"), await browser.next_event("added")]
                finally:
                    await second.stop()
            finally:
                await first.stop()

            assert names == (hall_name, f"{hall_name}-2")
            assert {(e["name"], e["port"]) for e in seen} == {
                (f"{hall_name}.{SERVICE_TYPE}", 18081),
                (f"{hall_name}-2.{SERVICE_TYPE}", 18082),
            }
            removed = {(await browser.next_event("removed"))["name"] for _ in range(2)}
            assert removed == {e["name"] for e in seen}
            assert await browser.finished() == 0
        finally:
            await browser.close()

    asyncio.run(scenario())


def test_stop_is_idempotent_and_restart_is_refused_while_running() -> None:
    async def scenario() -> None:
        hall_id, hall_name = unique_hall()
        advertiser = HallAdvertiser(hall_id, hall_name, 18083, addresses=LOOPBACK, interfaces=LOOPBACK)
        await advertiser.stop()  # never started: nothing to do
        async with advertiser:
            with pytest.raises(RuntimeError):
                await advertiser.start()
        assert advertiser.registered_name is None
        await advertiser.stop()

    asyncio.run(scenario())


def test_an_address_not_on_this_machine_is_an_advertise_error() -> None:
    async def scenario() -> None:
        # 192.0.2.0/24 is TEST-NET-1: never assigned to a real interface.
        advertiser = HallAdvertiser("test-hall", "测试大厅", 18084, addresses=LOOPBACK, interfaces=["192.0.2.1"])
        with pytest.raises(AdvertiseError, match=r"192\.0\.2\.1"):
            await advertiser.start()

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("hall_name", "expected"),
    [
        ("示范市政务服务中心", "示范市政务服务中心"),
        ("  Hall\tOne\n", "Hall One"),
        ("v1.2 大厅", "v1．2 大厅"),
        ("", "jiaohao"),
    ],
)
def test_instance_name_keeps_chinese_and_drops_what_dns_sd_cannot_carry(hall_name: str, expected: str) -> None:
    assert instance_name(hall_name) == expected


def test_long_instance_name_is_cut_on_a_character_boundary_with_room_for_a_rename() -> None:
    name = instance_name("某" * 40)

    assert name == "某" * 20
    assert len(f"{name}-99".encode()) <= 63


def test_txt_round_trip_and_foreign_records_are_ignored() -> None:
    encoded = {key.encode(): value.encode() for key, value in hall_txt("demo-hall").items()}

    assert read_hall_txt(encoded) == HallTxt(hall_id="demo-hall", api_path="/api/v1")
    assert read_hall_txt({"v": "2", "hall": "demo-hall"}) is None
    assert read_hall_txt({b"v": b"1", b"hall": None}) is None


def test_non_ipv4_addresses_are_refused_up_front() -> None:
    with pytest.raises(ValueError, match="IPv4"):
        HallAdvertiser("test-hall", "测试大厅", 18085, addresses=["::1"])


def test_jiaohao_server_advertises_its_hall_and_withdraws_it_on_shutdown(tmp_path: Path) -> None:
    """The real `jiaohao server` process, as a front-end on this machine would see it."""
    from tests.support.hall import sqlite_database
    from tests.support.server_process import ServerProcess

    hall_id, hall_name = unique_hall()
    source = (Path(__file__).parent.parent / "fixtures" / "allday_hall.toml").read_text(encoding="utf-8")
    config = tmp_path / "hall.toml"
    config.write_text(
        source.replace('id = "test-hall"', f'id = "{hall_id}"').replace('name = "测试大厅"', f'name = "{hall_name}"'),
        encoding="utf-8",
    )
    server = ServerProcess(config, sqlite_database(tmp_path), extra=["--zeroconf-interface", "127.0.0.1"])

    async def scenario() -> None:
        browser = await Browser.start(hall_id)
        try:
            await asyncio.to_thread(server.start)
            added = await browser.next_event("added")
            assert (added["port"], added["addresses"]) == (server.port, ["127.0.0.1"])
            assert added["properties"]["hall"] == hall_id
            assert await asyncio.to_thread(server.stop) == 0
            removed = await browser.next_event("removed")
            assert removed["name"] == added["name"]
        finally:
            await browser.close()
            await asyncio.to_thread(server.stop)

    asyncio.run(scenario())
