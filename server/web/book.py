"""The citizen's booking page `/book` (网上预约): phone-sized, Chinese first (`?lang=en` for English).

The page is one form that talks to the public booking API (`/api/v1/bookings…`); the server fills in what it
knows without a request: the bookable services and which of the coming days the hall is open.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from jiaohao.domain import booking as rules

from ..runtime import HallRuntime
from .book_text import TEXTS
from .templating import templates

router = APIRouter(include_in_schema=False)


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
                "label": text["day_label"].format(m=day.month, d=day.day, w=text["weekdays"][day.weekday()]),
                "open_for": " ".join(open_for),
            }
        )
    # Service names are the hall's own data; an English name where the hall file gives one (name_en).
    services = [
        {"code": s.code, "name": (getattr(s, "name_en", None) if lang == "en" else None) or s.name} for s in bookable
    ]
    context = {"text": text, "lang": lang, "hall": config.hall.name, "services": services, "days": days}
    return templates.TemplateResponse(request, "book.html", context, headers={"Cache-Control": "no-store"})
