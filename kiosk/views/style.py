"""The kiosk's look: large type, big targets, strong contrast; a larger scale for 适老化 (elder-friendly) mode.

Dark navy with white text (contrast 17:1) and one colour per kind of action: blue for a service, green for
the green channel, amber for appointments, grey for what cannot be taken now. Sizes are in pixels, not
points, so a 1080-pixel-wide kiosk looks the same whatever DPI the panel reports.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["COLORS", "Metrics", "kiosk_stylesheet", "metrics"]

COLORS = {
    "background": "#0b1a2e",
    "header": "#06101d",
    "text": "#ffffff",
    "muted": "#d5dee9",
    "service": "#1c4f96",
    "service_border": "#8fb8ff",
    "closed": "#2b3440",
    "closed_text": "#c4ccd6",
    "green": "#12703a",
    "amber": "#ffb020",
    "accent": "#ffd23f",
    "danger": "#d6282e",
    "warning": "#ffb020",
}


@dataclass(frozen=True)
class Metrics:
    base: int  # body text, px
    title: int
    service_name: int
    service_line: int
    prefix: int
    number: int
    button_height: int  # smallest touch target, px (≥ 120 for an unsteady finger)
    service_height: int  # smallest service tile, px as drawn (border and padding included)
    key: int  # on-screen keyboard key, px square as drawn (border included)


def metrics(large: bool) -> Metrics:
    if large:
        # 适老化: at least 1.5 times the normal type, buttons, keys and service tiles (tests/kiosk measure it
        # from the widgets). The ticket number alone grows by what fits (display type, already the largest
        # thing on the screen). 36 keys at 180 px do not fit under the code, so the letters come a page
        # at a time (kiosk/views/widgets.Keyboard).
        return Metrics(
            base=48,
            title=66,
            service_name=66,
            service_line=45,
            prefix=78,
            number=300,
            button_height=180,
            service_height=225,
            key=180,
        )
    return Metrics(
        base=32,
        title=44,
        service_name=44,
        service_line=30,
        prefix=52,
        number=240,
        button_height=120,
        service_height=150,
        key=120,
    )


def kiosk_stylesheet(large: bool) -> str:
    c, m = COLORS, metrics(large)
    return f"""
#kiosk, #kiosk QWidget {{ background: {c["background"]}; color: {c["text"]}; font-size: {m.base}px; }}
#kiosk QLabel {{ background: transparent; }}
#kiosk #header, #kiosk #header QWidget {{ background: {c["header"]}; }}
#kiosk #hallName {{ font-size: {m.title}px; font-weight: bold; }}
#kiosk #clock {{ font-size: {m.title}px; font-weight: bold; color: {c["accent"]}; }}
#kiosk #date {{ font-size: {m.base}px; color: {c["muted"]}; }}
#kiosk QLabel[role="title"] {{ font-size: {m.title}px; font-weight: bold; }}
#kiosk QLabel[role="muted"] {{ color: {c["muted"]}; }}
#kiosk QLabel[role="banner"] {{ background: {c["warning"]}; color: #000000; font-weight: bold; padding: 16px;
    border-radius: 10px; }}
#kiosk QLabel[role="error"] {{ background: {c["danger"]}; color: #ffffff; font-weight: bold; padding: 16px;
    border-radius: 10px; }}
#kiosk QLabel[role="paused"] {{ font-size: {m.number // 2}px; font-weight: bold; color: {c["warning"]}; }}
#kiosk QLabel[role="number"] {{ font-size: {m.number}px; font-weight: bold; color: {c["accent"]}; }}
#kiosk QLabel[role="service"] {{ font-size: {m.title}px; font-weight: bold; }}
#kiosk QLabel[role="mark"] {{ background: {c["green"]}; color: #ffffff; font-size: {m.title}px;
    font-weight: bold; padding: 8px 28px; border-radius: 10px; }}
#kiosk QLabel[role="display"] {{ background: #ffffff; color: #000000; font-size: {m.title + 12}px;
    font-weight: bold; padding: 12px; border-radius: 10px; letter-spacing: 6px; }}
#kiosk QPushButton {{ background: {c["service"]}; color: {c["text"]}; border: 3px solid {c["service_border"]};
    border-radius: 16px; padding: 12px 24px; min-height: {m.button_height}px; font-size: {m.base}px;
    font-weight: bold; }}
#kiosk QPushButton:pressed {{ background: {c["accent"]}; color: #000000; }}
#kiosk QPushButton:disabled {{ background: {c["closed"]}; color: {c["closed_text"]}; border-color: #5b6878; }}
#kiosk QPushButton[role="green"] {{ background: {c["green"]}; border-color: #7fe0a4; }}
#kiosk QPushButton[role="amber"] {{ background: {c["amber"]}; color: #000000; border-color: #ffe2a6; }}
#kiosk QPushButton[role="primary"] {{ background: {c["accent"]}; color: #000000; border-color: #fff1b8; }}
#kiosk QPushButton[role="plain"] {{ background: #24364f; border-color: {c["muted"]}; }}
#kiosk QPushButton[role="more"] {{ background: #24364f; border: 3px dashed {c["accent"]}; }}
#kiosk QPushButton[role="more"] QLabel {{ color: {c["accent"]}; }}
#kiosk QPushButton[role="key"] {{ background: #f4f6f9; color: #000000; border-color: #ffffff;
    font-size: {m.title}px; min-height: {m.key - 6}px; min-width: {m.key - 6}px; padding: 0; }}
#kiosk QPushButton[role="key"]:pressed {{ background: {c["accent"]}; }}
#kiosk QPushButton[role="pager"] {{ background: {c["amber"]}; color: #000000; border-color: #ffe2a6;
    font-size: {m.base}px; min-height: {m.key - 6}px; min-width: {m.key - 6}px; padding: 0; }}
#kiosk QPushButton QLabel[role="caption"] {{ font-size: {m.base}px; font-weight: bold; }}
#kiosk QPushButton[role="amber"] QLabel, #kiosk QPushButton[role="primary"] QLabel {{ color: #000000; }}
#kiosk QPushButton QLabel:disabled {{ color: {c["closed_text"]}; }}
#kiosk QPushButton[role="primary"]:disabled {{ background: {c["closed"]}; border-color: #5b6878; }}
#kiosk ServiceButton {{ min-height: {m.service_height - 14}px; padding: 4px 16px; }}
#kiosk ServiceButton QLabel {{ background: transparent; }}
#kiosk ServiceButton QLabel[role="name"] {{ font-size: {m.service_name}px; font-weight: bold; }}
#kiosk ServiceButton QLabel[role="line"] {{ font-size: {m.service_line}px; font-weight: normal; }}
#kiosk ServiceButton QLabel[role="prefix"] {{ font-size: {m.prefix}px; font-weight: bold; color: #000000;
    background: {c["accent"]}; border-radius: 12px; padding: 0 14px; }}
#kiosk ServiceButton[closed="true"] {{ background: {c["closed"]}; border: 3px dashed #7d8a99; }}
#kiosk ServiceButton[closed="true"] QLabel {{ color: {c["closed_text"]}; }}
#kiosk ServiceButton[closed="true"] QLabel[role="prefix"] {{ background: #7d8a99; color: #000000; }}
#kiosk ServiceButton[closed="true"] QLabel[role="line"] {{ color: #ffd7a8; font-weight: bold; }}
"""
