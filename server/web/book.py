"""The citizen's booking page `/book` (网上预约): phone-sized, Chinese first (`?lang=en` for English).

The page is one form that talks to the public booking API (`/api/v1/bookings…`); the server fills in what it
knows without a request: the bookable services and which of the coming days the hall is open.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from jiaohao.domain import booking as rules

from ..runtime import HallRuntime
from .book_text import TEXTS
from .templating import templates

router = APIRouter(include_in_schema=False)


def day_label(text: dict[str, Any], day: date) -> str:
    """"3月5日 周四" / "Thu 5 Mar" (book.js writes a booking's day the same way from the same table)."""
    months = text["months"]
    month = months[day.month - 1] if months else ""
    return str(text["day_label"]).format(m=day.month, mon=month, d=day.day, w=text["weekdays"][day.weekday()])


@router.get("/book")
async def book_page(request: Request, lang: str = "zh") -> HTMLResponse:
    runtime: HallRuntime = request.app.state.runtime
    config = runtime.config
    lang = "en" if lang == "en" else "zh"
    text = TEXTS[lang]
    today = runtime.clock.now().astimezone(config.policy.zone).date()
    bookable = [s for s in config.services if s.booking_capacity > 0]
    days: list[dict[str, Any]] = []
    for ahead in range(config.policy.booking_days_ahead + 1):
        day = today + timedelta(days=ahead)
        open_for = [s.code for s in bookable if rules.is_open_day(s, day, config.calendar)]
        days.append(
            {
                "iso": day.isoformat(),
                "label": day_label(text, day),
                "open_for": " ".join(open_for),
            }
        )
    # Service names are the hall's own data; an English name where the hall file gives one (name_en).
    services = [
        {"code": s.code, "name": (getattr(s, "name_en", None) if lang == "en" else None) or s.name} for s in bookable
    ]
    hall = (config.hall.name_en if lang == "en" else None) or config.hall.name
    context = {"text": text, "lang": lang, "hall": hall, "services": services, "days": days}
    return templates.TemplateResponse(request, "book.html", context, headers={"Cache-Control": "no-store"})
