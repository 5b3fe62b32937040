"""The citizen's page behind the ticket's QR code: `/t/{track_token}`, this ticket and nothing else."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from jiaohao.domain.config import HallConfig
from jiaohao.domain.wording import WindowFacts, serving_windows, wait_text, window_list
from jiaohao.wire.models import TicketPosition

from .. import presenting
from ..runtime import HallRuntime
from ..storage import Connection
from ..storage import hall as hall_rows
from ..storage import tickets as ticket_rows
from .templating import templates

router = APIRouter(include_in_schema=False)


@router.get("/t/{track_token}")
async def track(request: Request, track_token: str) -> HTMLResponse:
    runtime: HallRuntime = request.app.state.runtime
    config = runtime.config

    def query(conn: Connection) -> tuple[TicketPosition, str] | None:
        found = ticket_rows.ticket_by_track_token(conn, config.hall.id, track_token)
        if found is None:
            return None
        return presenting.ticket_position(conn, config, found), windows_text(conn, config, found.service)

    answer = await runtime.read(query) if 0 < len(track_token) <= 64 else None
    if answer is None:
        return templates.TemplateResponse(
            request, "message.html", {"title": "没有找到这张号票", "hall": config.hall.name, "phone": True}, 404
        )
    position, windows = answer
    service = config.service(position.service)
    context = {
        "ticket": position,
        "token": track_token,
        "hall": config.hall.name,
        "hall_phone": config.hall.phone,
        "wait": wait_text(position.est_wait_min, position.est_wait_range),
        "windows": windows,
        "checklist": list(service.checklist) if service else [],
        "overdue": config.hall.overdue,  # the same 过号 sentence as the ticket's
    }
    # No caching: a stale copy would show a citizen an old place in the queue.
    return templates.TemplateResponse(request, "phone.html", context, headers={"Cache-Control": "no-store"})


def windows_text(conn: Connection, config: HallConfig, service: str) -> str:
    """The windows that serve the ticket's service now, as the ticket names them ("1–4号、7号窗口")."""
    rows = {w.number: w for w in hall_rows.all_windows(conn, config.hall.id)}
    facts = [
        WindowFacts(w.number, w.name, w.services, rows[w.number].status if w.number in rows else "closed", w.name_en)
        for w in config.windows
    ]
    return window_list(serving_windows(facts, service))
