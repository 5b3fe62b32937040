"""`jiaohao simulate` against a real server: a short day at a high speed, drained, with its summary."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from client.api import HallApi
from demo.cli import simulate
from tests.support.live import LiveHall

pytestmark = pytest.mark.slow


def test_a_short_day_is_served_to_the_end_and_summarised(live_hall: LiveHall) -> None:
    args = ["--server", live_hall.url, "--kiosk-token", live_hall.tokens["kiosk"], "--speed", "6000"]
    args += ["--hours", "1", "--seed", "3", "--service-minutes", "SVC_C=4"]
    args += ["--staff", "1001:1111", "--staff", "1002:2222", "--staff", "1003:3333"]
    result = CliRunner().invoke(simulate, args)

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    total = next(line for line in lines if line.startswith("合计")).split()
    issued, served = int(total[1]), int(total[2])
    assert issued > 10 and served > 0
    assert "调用失败" not in result.output  # every call the simulated clerks made was accepted
    with HallApi(live_hall.url) as api:
        hall = api.hall()
    assert all(s.waiting == 0 for s in hall.services)  # the day was drained
    assert sum(s.issued_today for s in hall.services) == issued
    assert all(w.status == "closed" for w in hall.windows)  # the clerks logged out
