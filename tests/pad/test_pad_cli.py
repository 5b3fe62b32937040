"""`jiaohao pad`: its options and the mistakes it refuses before opening anything."""

from __future__ import annotations

from click.testing import CliRunner

from jiaohao.cli import main


def test_pad_command_is_registered_with_its_options() -> None:
    result = CliRunner().invoke(main, ["pad", "--help"])
    assert result.exit_code == 0
    for option in ("--window", "--bus", "--bus-addr", "--evaluator-layout", "--headless", "--data-dir"):
        assert option in result.output


def test_pad_refuses_an_incomplete_command_line(tmp_path: object) -> None:
    runner = CliRunner(env={"JIAOHAO_CONFIG": "/nonexistent/pad.toml"})
    missing_window = runner.invoke(main, ["pad", "--server", "http://127.0.0.1:9"])
    assert missing_window.exit_code == 2 and "--window" in missing_window.output
    headless_without_bus = runner.invoke(main, ["pad", "--window", "1", "--headless"])
    assert headless_without_bus.exit_code == 2 and "--bus" in headless_without_bus.output
    bad_layout = runner.invoke(main, ["pad", "--window", "1", "--evaluator-layout", "7key"])
    assert bad_layout.exit_code == 2 and "evaluator layout" in bad_layout.output
