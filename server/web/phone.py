"""The citizen's page behind the ticket's QR code: `/t/{track_token}`, this ticket and nothing else."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from jiaohao.wire.models import TicketPosition

from .. import presenting
from ..runtime import HallRuntime
from ..storage import Connection
from ..storage import tickets as ticket_rows
from .templating import templates

router = APIRouter(include_in_schema=False)


@router.get("/t/{track_token}")
async def track(request: Request, track_token: str) -> HTMLResponse:
    runtime: HallRuntime = request.app.state.runtime
    config = runtime.config

    def query(conn: Connection) -> TicketPosition | None:
        found = ticket_rows.ticket_by_track_token(conn, config.hall.id, track_token)
        return presenting.ticket_position(conn, config, found) if found is not None else None

    position = await runtime.read(query) if 0 < len(track_token) <= 64 else None
    if position is None:
        return templates.TemplateResponse(
            request, "message.html", {"title": "没有找到这张号票", "hall": config.hall.name, "phone": True}, 404
        )
    context = {"ticket": position, "token": track_token, "hall": config.hall.name, "hall_phone": config.hall.phone}
    # No caching: a stale copy would show a citizen an old place in the queue.
    return templates.TemplateResponse(request, "phone.html", context, headers={"Cache-Control": "no-store"})
