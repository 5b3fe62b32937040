"""The simulated citizens rate their services at the window's pad, as real ones do: the supervisor's report
shows a 好评率 and the rare 差评 opens a rectification case (a real `jiaohao server` process)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from client.api import HallApi
from demo.cli import simulate
from tests.support.live import LiveHall, start_live_hall

pytestmark = pytest.mark.slow

WINDOWS = (1, 2, 3, 4)


@pytest.fixture
def hall_with_pads(tmp_path: Path) -> Iterator[LiveHall]:
    devices = [("kiosk", "kiosk", []), *(("pad", f"pad-{n}", [n]) for n in WINDOWS)]
    with start_live_hall(tmp_path, devices, prefix="demo-test") as hall:
        yield hall


def test_simulated_citizens_rate_most_services_with_a_realistic_spread(hall_with_pads: LiveHall) -> None:
    hall = hall_with_pads
    args = ["--server", hall.url, "--kiosk-token", hall.tokens["kiosk"], "--speed", "6000", "--hours", "8"]
    args += ["--seed", "5", "--staff", "1001:1111", "--staff", "1002:2222", "--staff", "1003:3333"]
    args += [arg for n in WINDOWS for arg in ("--pad-token", f"{n}={hall.tokens[f'pad-{n}']}")]
    result = CliRunner().invoke(simulate, args)
    assert result.exit_code == 0, result.output
    assert "调用失败" not in result.output  # every rating was accepted by the server

    with HallApi(hall.url) as api:
        api.token = api.login("1002", "2222", None).token  # the supervisor, at the dashboard
        total: dict[str, Any] = api.request("GET", "/reports/summary").json()["total"]
        cases: list[dict[str, Any]] = api.request("GET", "/cases", params={"status": "open"}).json()

    served, rated, good, bad = total["served"], total["rated"], total["good"], total["bad"]
    assert served > 80, total
    assert 0.7 * served <= rated < served, total  # most rate, not every one
    assert total["good_rate"] is not None and good / rated >= 0.8, total  # 好评率 reads a number, mostly 4–5
    assert good + bad < rated, total  # a few 3 (基本满意): neither good nor bad
    assert 1 <= bad <= 0.1 * rated, total  # 差评 are rare but happen
    assert len(cases) == bad  # each 差评 opened its case, with the reason the citizen picked
    assert all(case["reasons"] for case in cases), cases
