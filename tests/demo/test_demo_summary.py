"""The simulator's summary as the terminal shows it."""

from __future__ import annotations

from demo.simulate import ServiceStats, Summary
from demo.terminal import summary_table


def test_summary_table_lines_up_chinese_names() -> None:
    services = {
        "BDC": ServiceStats("不动产登记", issued=10, served=8, no_show=1, waits=[10.0, 20.0]),
        "X": ServiceStats("X", issued=1),
    }
    table = summary_table(Summary(services, 480.0, 30.0, 0, False))
    lines = table.splitlines()
    assert lines[0].startswith("业务") and "平均等候" in lines[0]
    assert "15.0" in lines[2] and lines[3].rstrip().endswith("-")
    assert lines[-2].startswith("合计") and "模拟 8.0 小时" in lines[-1]
