"""Every pad screen at 1280×800, saved for people to look at (tmp_path and out/screenshots/pad/)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from client.theme import apply_theme
from pad.model import PadModel, Rating, RatingRequest, StaffCard, Stage
from pad.views import PAD_SIZE, PadWindow
from tests.support.screenshots import assert_painted, save_screenshot


def test_screens(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    apply_theme(qapp)
    sent: list[Rating] = []
    model = PadModel(1, sent.append)
    model.set_staff(StaffCard(1, "1号窗口", "1001", "王晓梅", "窗口受理员"))
    window = PadWindow(model)
    qtbot.addWidget(window)
    window.show()
    shots = {"idle": save_screenshot(window, tmp_path, "pad-idle", group="pad")}
    model.requested(RatingRequest(7, "A001", "SVC_A", "不动产登记"))
    assert window.stack.currentWidget() is window.ask
    shots["asking"] = save_screenshot(window, tmp_path, "pad-asking", group="pad")
    model.choose(2)
    shots["reasons-none-yet"] = save_screenshot(window, tmp_path, "pad-reasons-none-yet", group="pad")
    model.toggle_reason("办事效率")
    shots["reasons"] = save_screenshot(window, tmp_path, "pad-reasons", group="pad")
    model.confirm_reasons()
    assert model.stage is Stage.SENDING
    shots["sending"] = save_screenshot(window, tmp_path, "pad-sending", group="pad")
    model.delivered(7)
    shots["thanks"] = save_screenshot(window, tmp_path, "pad-thanks", group="pad")
    model.dismiss()
    model.set_staff(StaffCard(1, "1号窗口"))
    model.set_online(False)
    shots["idle-offline"] = save_screenshot(window, tmp_path, "pad-idle-offline", group="pad")
    for path in shots.values():
        assert_painted(path, PAD_SIZE)
    assert sent == [Rating(7, "A001", 2, ("办事效率",))]


def test_every_pad_string_has_an_english_translation() -> None:
    import re

    from client.i18n import TRANSLATIONS_DIR, TsTranslator
    from jiaohao.domain.rating import LEVELS
    from pad import pages, views
    from pad.model import COMMENT_PHRASES, DEFAULT_REASONS

    sources = {*LEVELS.values(), *DEFAULT_REASONS, *COMMENT_PHRASES}
    for module in (pages, views):
        text = Path(module.__file__ or "").read_text(encoding="utf-8")
        sources |= {a or b for a, b in re.findall(r'\bt\("([^"]+)"\)|tr\("PadWindow", "([^"]+)"\)', text)}
    english = TsTranslator(TRANSLATIONS_DIR / "jiaohao_en.ts")
    missing = sorted(s for s in sources if not english.translate("PadWindow", s))
    assert missing == []
    assert english.translate("PadWindow", "非常满意") == "Very satisfied"
