"""`jiaohao print-test` and `jiaohao printer-sim` through click's CliRunner."""

from __future__ import annotations

from click.testing import CliRunner

from drivers.printer.parser import parse
from drivers.printer.simulator import PrinterSimulator
from jiaohao.cli import main


def test_print_test_prints_a_ticket_then_the_status(simulator: PrinterSimulator) -> None:
    result = CliRunner().invoke(main, ["print-test", "--printer", f"tcp://127.0.0.1:{simulator.port}"])
    assert result.exit_code == 0, result.output
    assert "打印完成" in result.output and "ok (正常)" in result.output
    assert simulator.wait_for_jobs(1, timeout=5)
    assert "某某市政务服务中心" in parse(simulator.jobs[0]).text()


def test_print_test_raster_on_58mm(simulator: PrinterSimulator) -> None:
    args = ["print-test", "--printer", f"tcp://127.0.0.1:{simulator.port}", "--mode", "raster", "--width", "58"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert simulator.wait_for_jobs(1, timeout=5)
    assert {image.width_bytes * 8 for image in parse(simulator.jobs[0]).images} == {384}


def test_print_test_reports_paper_out_and_fails(simulator: PrinterSimulator) -> None:
    simulator.set_fault("paper-out")
    result = CliRunner().invoke(main, ["print-test", "--printer", f"tcp://127.0.0.1:{simulator.port}"])
    assert result.exit_code == 1
    assert "缺纸" in result.output and "paper_out" in result.output
    assert simulator.job_bytes == 0


def test_print_test_bad_uri() -> None:
    result = CliRunner().invoke(main, ["print-test", "--printer", "lpt://1"])
    assert result.exit_code != 0 and "打印机地址配置错误" in result.output


def test_printer_sim_changes_fault_from_stdin() -> None:
    result = CliRunner().invoke(main, ["printer-sim", "--port", "0"], input="paper-out\nbogus\nquit\n")
    assert result.exit_code == 0, result.output
    assert "fault=paper-out" in result.output and "unknown command 'bogus'" in result.output
    assert "0 job(s) received" in result.output
