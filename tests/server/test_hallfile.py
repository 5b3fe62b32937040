"""The hall file: the packaged sample loads, and a broken file says where it is broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiaohao.domain.config import HallConfig
from server.hallfile import HallFileError, load_hall, load_sample_hall, sample_hall_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# The smallest valid hall; each broken case below changes one thing in it.
MINIMAL = """
[hall]
id = "mini"
name = "小厅"

[[services]]
code = "S1"
name = "业务一"
prefix = "A"
hours = ["09:00-12:00"]

[[services]]
code = "S2"
name = "业务二"
prefix = "B"

[[windows]]
number = 1
name = "1号窗口"
services = ["S1", "S2"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(HallFileError) as caught:
        load_hall(path)
    message = str(caught.value)
    assert str(path) in message
    return message


def test_sample_hall_loads_with_the_design_services_and_windows() -> None:
    hall = load_sample_hall()

    assert hall.hall.id == "demo-hall"
    assert hall.policy.timezone == "Asia/Shanghai"
    assert [s.name for s in hall.services] == [
        "不动产登记",
        "社保参保",
        "医保报销",
        "高新技术企业认定咨询",
        "证件补办",
    ]
    assert [s.prefix for s in hall.services] == ["A", "B", "C", "D", "E"]
    assert len(hall.windows) >= 8
    assert {w.kind for w in hall.windows} == {"综合", "专窗"}
    codes = {s.code for s in hall.services}
    for window in hall.windows:
        assert set(window.services) <= codes
    for service in hall.services:
        assert 3 <= len(service.checklist) <= 8, service.name
        assert hall.windows_for(service.code), f"no window offers {service.name}"
    assert {s.role for s in hall.staff} == {"staff", "supervisor", "admin"}
    capped = hall.service("GXQY")
    assert capped is not None and capped.daily_cap == 50
    assert any(s.one_open_ticket_per_person for s in hall.services)


def test_sample_hall_path_points_at_the_same_file() -> None:
    assert load_hall(sample_hall_path()) == load_sample_hall()


def test_allday_fixture_is_open_around_the_clock() -> None:
    hall = load_hall(FIXTURES / "allday_hall.toml")

    assert [s.code for s in hall.services] == ["SVC_A", "SVC_B", "SVC_C"]
    assert all(s.weekdays == (1, 2, 3, 4, 5, 6, 7) for s in hall.services)
    for service in hall.services:
        (hours,) = service.hours
        assert hours.start.isoformat() == "00:00:00" and hours.end.hour == 23
    assert [s.daily_cap for s in hall.services].count(None) == 2
    assert len(hall.windows) == 4
    assert len({w.services for w in hall.windows}) == 4
    assert all(s.pin for s in hall.staff)


def test_minimal_hall_is_valid(tmp_path: Path) -> None:
    assert isinstance(load_hall(write(tmp_path, MINIMAL)), HallConfig)


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    message = load_error(tmp_path, MINIMAL.replace('prefix = "B"', 'prefix = "B'))

    assert "TOML syntax error" in message
    assert "line 15" in message


def test_unknown_service_in_a_window_names_the_window(tmp_path: Path) -> None:
    message = load_error(tmp_path, MINIMAL.replace('["S1", "S2"]', '["S1", "S9"]'))

    assert "windows[0].services[1]" in message
    assert "'S9'" in message


def test_duplicate_prefix_names_both_services(tmp_path: Path) -> None:
    message = load_error(tmp_path, MINIMAL.replace('prefix = "B"', 'prefix = "A"'))

    assert "share a number prefix" in message
    assert "services[0].prefix" in message and "services[1].prefix" in message


def test_bad_hours_name_the_service(tmp_path: Path) -> None:
    message = load_error(tmp_path, MINIMAL.replace('"09:00-12:00"', '"9-12"'))

    assert "services[0].hours (code 'S1')" in message
    assert "'9-12'" in message
    assert "08:30-12:00" in message  # shows the expected form


def test_unknown_field_is_named(tmp_path: Path) -> None:
    message = load_error(tmp_path, MINIMAL.replace('prefix = "B"', 'prefix = "B"\ncolour = "red"'))

    assert "services[1].colour (code 'S2')" in message
    assert "unknown setting" in message


def test_bad_prefix_shows_what_was_written(tmp_path: Path) -> None:
    message = load_error(tmp_path, MINIMAL.replace('prefix = "B"', 'prefix = "b1"'))

    assert "services[1].prefix (code 'S2')" in message
    assert "'b1'" in message


def test_several_problems_are_listed_together(tmp_path: Path) -> None:
    broken = MINIMAL.replace('prefix = "B"', 'prefix = "b1"').replace('name = "1号窗口"', 'name = ""')

    message = load_error(tmp_path, broken)

    assert "2 problems" in message
    assert "services[1].prefix" in message and "windows[0].name (number 1)" in message


def test_missing_file_and_non_utf8_are_hall_file_errors(tmp_path: Path) -> None:
    with pytest.raises(HallFileError, match="cannot read"):
        load_hall(tmp_path / "absent.toml")
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes(MINIMAL.encode("gbk"))
    with pytest.raises(HallFileError, match="UTF-8"):
        load_hall(gbk)


def test_error_keeps_its_cause(tmp_path: Path) -> None:
    with pytest.raises(HallFileError) as caught:
        load_hall(write(tmp_path, MINIMAL.replace('["S1", "S2"]', "[]")))

    assert caught.value.__cause__ is not None
    assert "windows[0].services (number 1)" in str(caught.value)


def test_green_channel_is_worded_once_for_the_kiosk_and_the_reminders(tmp_path: Path) -> None:
    """[hall] green_channel: who the 绿色通道 is for. The sample hall's reminder says it through
    "{green_channel}", so the ticket and the kiosk's green button cannot disagree (军人 vs 孕妇)."""
    sample = load_sample_hall().hall
    assert sample.green_channel == "老年人、残疾人、孕妇、军人等"
    chinese, english = sample.reminder_lines(), sample.reminder_lines(english=True)
    assert f"{sample.green_channel}可走绿色通道，请向导办台咨询" in chinese
    assert any(sample.green_channel_en in line for line in english), english
    assert not any("{" in line for line in (*chinese, *english))
    # A hall that says nothing gets the same default wording, in both languages.
    plain = load_hall(write(tmp_path, MINIMAL)).hall
    assert (plain.green_channel, plain.green_channel_en) == (sample.green_channel, sample.green_channel_en)
    lines = 'name = "小厅"\ngreen_channel = "老年人、孕妇等"\nreminders = ["{green_channel}优先"]'
    custom = MINIMAL.replace('name = "小厅"', lines)
    assert load_hall(write(tmp_path, custom)).hall.reminder_lines() == ("老年人、孕妇等优先",)
