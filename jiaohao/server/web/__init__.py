"""Browser pages: the citizen's phone page (/t/TOKEN) and the supervisor's dashboard (/admin), plus the reports
API they share with other clients. Server-rendered (Jinja2), live through the public event WebSocket."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    """Everything the web adds to the app, so that app.py needs one line for it."""
    from .. import api_reports

    app.include_router(api_reports.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
