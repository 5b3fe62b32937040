"""The client's plain parts without a server: HallMirror, device settings, translations, theme."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from pytestqt.qtbot import QtBot

from client.settings import DeviceSettings, SettingsError, device_options, load_settings
from client.state import HallMirror, StateChange
from jiaohao.wire.base import UnknownEventData
from jiaohao.wire.events import TicketCalled
from jiaohao.wire.models import Event, HallOut, ServiceOut, Snapshot, WindowOut
from tests.support.events import event as contract_event

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def window(number: int, **fields: Any) -> WindowOut:
    base: dict[str, Any] = {"number": number, "name": f"{number}号窗口", "kind": "综合", "services": ["A"]}
    return WindowOut.model_validate({"status": "closed", **base, **fields})


def snapshot(seq: int) -> Snapshot:
    service = ServiceOut(
        code="A", name="业务A", prefix="A", waiting=0, est_wait_min=0, open=True, issued_today=0,
        daily_cap=None, hours="全天", checklist=[],
    )  # fmt: skip
    hall = HallOut(
        id="h", name="大厅", business_day=date(2026, 3, 2), now=AT, seq=seq, notice="", reminders=[],
        services=[service], windows=[window(1), window(2)],
    )  # fmt: skip
    return Snapshot(seq=seq, hall=hall)


def event(seq: int, type_: str, data: dict[str, Any]) -> Event:
    return contract_event(seq, type_, AT, data)


def test_state_applies_events_once_and_in_order() -> None:
    state = HallMirror()
    changes: list[StateChange] = []
    state.subscribe(changes.append)
    assert not state.apply_event(event(1, "hall.counts", {}))  # nothing before a snapshot

    state.apply_snapshot(snapshot(5))
    counts = event(6, "hall.counts", {"services": {"A": {"waiting": 3, "est_wait_min": 9, "issued_today": 4}}})
    opened = event(7, "window.updated", window(2, status="open", serving="A004").model_dump(mode="json"))
    called = event(
        8, "ticket.called", {"number": "A004", "window": 2, "window_name": "2号窗口", "service_name": "业务A"}
    )
    # An older event, and the very last one again (a reconnect's replay overlap repeats it), change nothing.
    assert [state.apply_event(e) for e in (counts, opened, called, counts, called)] == [True, True, True, False, False]

    assert state.seq == 8 and state.hall is not None and state.hall.seq == 8
    assert (state.hall.services[0].waiting, state.hall.services[0].issued_today) == (3, 4)
    assert state.window(2) == window(2, status="open", serving="A004")
    told = changes[-1].event
    assert told is not None and isinstance(told.data, TicketCalled) and (told.data.number, told.data.window) == (
        "A004",
        2,
    )
    assert [c.seq for c in changes] == [5, 6, 7, 8] and changes[0].is_snapshot


def test_counts_open_and_close_a_service_as_the_server_says() -> None:
    """Capped or closed by the clock in the evening, open again the next morning: the kiosk follows both."""
    state = HallMirror()
    state.apply_snapshot(snapshot(5))
    closed = {"waiting": 0, "est_wait_min": 0, "issued_today": 9, "open": False, "closed_reason": "不在取号时间"}
    state.apply_event(event(6, "hall.counts", {"services": {"A": closed}}))
    assert state.hall is not None and (state.hall.services[0].open, state.hall.services[0].closed_reason) == (
        False,
        "不在取号时间",
    )
    state.apply_event(event(7, "hall.counts", {"services": {"A": {**closed, "issued_today": 0, "open": True,
                                                                   "closed_reason": None}}}))  # fmt: skip
    assert (state.hall.services[0].open, state.hall.services[0].closed_reason) == (True, None)


def test_an_event_type_from_a_newer_server_is_passed_on_and_changes_nothing() -> None:
    state = HallMirror()
    state.apply_snapshot(snapshot(5))
    before = state.hall.model_copy(deep=True) if state.hall is not None else None
    changes: list[StateChange] = []
    state.subscribe(changes.append)
    assert state.apply_event(event(6, "queue.rebalanced", {"windows": [1, 2]}))
    assert state.seq == 6 and state.hall is not None and before is not None
    assert state.hall.model_copy(update={"seq": 5}) == before
    assert changes[-1].event is not None and isinstance(changes[-1].event.data, UnknownEventData)


def test_a_later_snapshot_replaces_everything() -> None:
    state = HallMirror()
    state.apply_snapshot(snapshot(5))
    state.apply_event(event(6, "ticket.called", {"number": "A001", "window": 1, "service_name": "业务A"}))
    state.apply_snapshot(snapshot(40))
    assert state.seq == 40 and state.hall is not None and state.hall.seq == 40


def test_settings_file_then_flags(tmp_path: Path) -> None:
    path = tmp_path / "caller.toml"
    path.write_text(
        'hall = "demo-hall"\ntoken = "t-file"\nwindow = 3\nlang = "en"\n[printer_profile]\npaper_mm = 58\n',
        encoding="utf-8",
    )
    seen: list[DeviceSettings] = []

    @click.command()
    @device_options("caller", window=True, bus=True)
    def caller(settings: DeviceSettings) -> None:
        seen.append(settings)

    result = CliRunner().invoke(caller, ["--config", str(path), "--window", "5", "--server", "10.0.0.5:8000"])
    assert result.exit_code == 0, result.output
    settings = seen[0]
    assert (settings.hall, settings.token, settings.window, settings.lang) == ("demo-hall", "t-file", 5, "en")
    assert settings.server == "10.0.0.5:8000" and settings.bus is None
    assert settings.extra == {"printer_profile": {"paper_mm": 58}}
    assert "--printer" not in CliRunner().invoke(caller, ["--help"]).output


@pytest.mark.parametrize(
    ("text", "message"),
    [("window = 0\n", "window 应为正整数"), ('lang = "fr"\n', "lang 应为"), ("token = \n", "格式错误")],
)
def test_bad_settings_say_which_file_and_why(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_settings(path, "kiosk")


def test_a_named_settings_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="找不到设备配置文件"):
        load_settings(tmp_path / "missing.toml")


def test_english_translation_of_client_messages(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from client.api import MSG_UNREACHABLE
    from client.connection import connection_text
    from client.errors import ApiError
    from client.i18n import TRANSLATIONS_DIR, TsTranslator, install_translator, tr_error

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    for source in (TRANSLATIONS_DIR, tmp_path):  # the .qm when built, else the .ts read directly
        if source == tmp_path:
            (tmp_path / "jiaohao_en.ts").write_bytes((TRANSLATIONS_DIR / "jiaohao_en.ts").read_bytes())
        translator = install_translator(app, "en", source)
        assert translator is not None
        try:
            assert connection_text(False) == "Connection to the server lost. Reconnecting…"
            assert tr_error(ApiError("network", MSG_UNREACHABLE)).startswith("Cannot reach the server")
            assert tr_error(ApiError("bad_login", "工号或密码错误", 401)) == "工号或密码错误"  # server's words stay
        finally:
            app.removeTranslator(translator)
    assert connection_text(True) == "已恢复与服务器的连接"
    assert isinstance(TsTranslator(TRANSLATIONS_DIR / "jiaohao_zh_CN.ts"), TsTranslator)


def test_theme_picks_a_chinese_font_explicitly(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication

    from client.theme import CJK_FAMILIES, apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    family = apply_theme(app)
    assert family in CJK_FAMILIES  # fonts-noto-cjk is installed by `make deps`
    assert app.font().family() == family and app.font().pointSize() >= 20
    app.setStyleSheet("")

