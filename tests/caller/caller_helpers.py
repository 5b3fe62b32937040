"""Helpers for the caller tests: callers built on a live hall (tests/support/live.py), and waits on the model."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from caller.actions import CallerAction
from caller.views import CallerWindow

MakeCaller = Callable[..., CallerWindow]  # the make_caller fixture: make(window=1, **build_caller options)
CALLER_DEVICES = [("kiosk", "kiosk", []), ("caller", "hub12", [1, 2]), ("pad", "pad2", [2])]


def login(qtbot: QtBot, caller: CallerWindow, staff_no: str = "1001", pin: str = "1111") -> None:
    panel = caller.login_panel
    panel.staff_no.setText(staff_no)
    panel.pin.setText(pin)
    panel.submit.click()
    qtbot.waitUntil(lambda: caller.model.logged_in and caller.model.window is not None, timeout=10_000)
    qtbot.waitUntil(lambda: caller.model.window is not None and caller.model.window.status == "open", timeout=10_000)


def enabled(caller: CallerWindow) -> set[CallerAction]:
    """The actions whose buttons are enabled on screen (not what the model says: what the clerk sees)."""
    return {action for action, button in caller.buttons.items() if button.isEnabled()}


def wait_idle(qtbot: QtBot, caller: CallerWindow) -> None:
    qtbot.waitUntil(lambda: caller.model.pending is None, timeout=10_000)


def finish(qtbot: QtBot, caller: CallerWindow, *, settle: bool = True) -> None:
    """办结 as a clerk does it for the common case: the button (or F4), then Enter in the outcome chooser."""
    from caller.actions import CallerAction

    caller.buttons[CallerAction.FINISH].click()
    qtbot.waitUntil(lambda: caller.outcome_dialog is not None and caller.outcome_dialog.isVisible(), timeout=10_000)
    dialog = caller.outcome_dialog
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    if settle:
        wait_idle(qtbot, caller)
