"""Who the green channel is for, as the hall file words it ([hall] green_channel / green_channel_en): the
start screen's green button and the green screen's hint say it in the citizen's language, through
GET /api/v1/hall of a real server; the kiosk no longer has words of its own for it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.printer.simulator import PrinterSimulator
from kiosk.model import Screen
from tests.kiosk.kiosk_helpers import KIOSK_DEVICES, MakeKiosk
from tests.kiosk.test_kiosk_flow import has_cjk
from tests.support.hall import ALLDAY_HALL
from tests.support.live import LiveHall, start_live_hall

WHO = "老年人、孕妇等"
WHO_EN = "older people and pregnant women"


@pytest.fixture(scope="module")
def worded_hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHall]:
    folder = tmp_path_factory.mktemp("green")
    text = ALLDAY_HALL.read_text(encoding="utf-8").replace(
        'name_en = "Test Hall"\n', f'name_en = "Test Hall"\ngreen_channel = "{WHO}"\ngreen_channel_en = "{WHO_EN}"\n', 1
    )
    base = folder / "base.toml"
    base.write_text(text, encoding="utf-8")
    with start_live_hall(folder / "hall", KIOSK_DEVICES, prefix="kiosk-green", base=base) as hall:
        yield hall


def test_green_channel_words_come_from_the_hall_file(
    worded_hall: LiveHall, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk
) -> None:
    kiosk = make_kiosk(worded_hall, f"tcp://127.0.0.1:{printer_sim.port}")
    model, window = kiosk.model, kiosk.window
    assert window.start.green.text() == f"绿色通道\n{WHO}优先"
    model.open_screen(Screen.GREEN)
    assert window.green.hint.text() == f"适用于{WHO}。请选择业务，到窗口时出示相关证件。"

    model.back_to_start()
    model.set_lang("en")
    english = window.start.green.text()
    assert english == f"Priority service\nFor {WHO_EN}" and not has_cjk(english)
    model.open_screen(Screen.GREEN)
    hint = window.green.hint.text()
    assert hint.startswith(f"For {WHO_EN}.") and not has_cjk(hint), hint
    assert not window.texts.missing


def test_without_the_field_the_kiosk_says_what_the_sample_hall_reminds(
    tmp_path: Path, printer_sim: PrinterSimulator, make_kiosk: MakeKiosk
) -> None:
    """The all-day test hall has no green_channel: the default, the same words as the sample hall's reminder."""
    from server.hallfile import load_sample_hall

    sample = load_sample_hall().hall
    with start_live_hall(tmp_path / "hall", KIOSK_DEVICES, prefix="kiosk-green") as hall:
        kiosk = make_kiosk(hall, f"tcp://127.0.0.1:{printer_sim.port}")
        assert kiosk.window.start.green.text() == f"绿色通道\n{sample.green_channel}优先"
        assert any(sample.green_channel in line for line in sample.reminder_lines())
        kiosk.window.close()
