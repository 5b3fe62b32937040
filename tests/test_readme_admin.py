"""The README's `jiaohao admin …` examples, read out of README.md and run as written against a fresh database of
the sample hall, so the README and the tools cannot drift apart."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from jiaohao.cli import main
from server.hallfile import load_sample_hall, sample_hall_path
from tests.support.internals import prepare

README = Path(__file__).resolve().parents[1] / "README.md"
PROMPTS = {"set-pin": "654321\n654321\n"}  # the commands that ask, and what a person would type


def _section(text: str, title: str) -> str:
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def _blocks(section: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", section, flags=re.DOTALL)


def readme_examples() -> tuple[list[list[str]], str]:
    """The admin command lines (as argument lists, comments dropped) and the sample bookings CSV."""
    section = _section(README.read_text(encoding="utf-8"), "Administration")
    (commands,) = _blocks(section, "sh")
    (bookings,) = _blocks(section, "csv")
    lines = [shlex.split(line, comments=True) for line in commands.splitlines() if line.strip()]
    return lines, bookings


def test_every_admin_example_in_the_readme_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands, bookings = readme_examples()
    assert len(commands) >= 10 and all(c[:2] == ["jiaohao", "admin"] for c in commands), commands
    db = f"sqlite:///{tmp_path / 'hall.db'}"
    prepare(db, load_sample_hall())  # the sample hall, as the server leaves it on first start
    shutil.copy(sample_hall_path(), tmp_path / "hall.toml")
    (tmp_path / "bookings.csv").write_text(bookings, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    runner = CliRunner()
    said: dict[str, str] = {}
    for words in commands:
        args = [db if (i > 0 and words[i - 1] == "--db") else w for i, w in enumerate(words)][1:]
        answer = next((typed for word, typed in PROMPTS.items() if word in args), None)
        result = runner.invoke(main, args, input=answer, catch_exceptions=False)
        assert result.exit_code == 0, f"{' '.join(words)}\n{result.output}"
        said[" ".join(args[3:5])] = result.output

    assert "王芳" in said["staff list"] and "2101" in said["staff list"]
    assert "kiosk1" in said["device list"]
    listed = said["appointments list"]
    assert "YY0001\t不动产登记\t09:00-09:30\t张*\t138****1111" in listed
    assert "YY0002\t社保参保\t10:00-10:30\t李*\t139****2222" in listed  # named by its name in the CSV
    assert (tmp_path / "ratings.csv").exists() and (tmp_path / "hall-backup.sqlite3").exists()


def test_the_import_names_an_unknown_service_by_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = f"sqlite:///{tmp_path / 'hall.db'}"
    prepare(db, load_sample_hall())
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.csv").write_text(
        "service,date,slot,code,name,phone\n不动产登记,2026-12-07,09:00-09:30,YY0009,王五,13700003333\n"
        "户口迁移,2026-12-07,09:00-09:30,YY0010,赵六,13700004444\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["admin", "--db", db, "appointments", "import", "bad.csv"])
    assert result.exit_code == 1 and "line 3" in result.output and "没有这项业务：户口迁移" in result.output
    listed = CliRunner().invoke(main, ["admin", "--db", db, "appointments", "list", "--date", "2026-12-07"])
    assert "YY0009" not in listed.output  # all rows or none
