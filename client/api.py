"""Every call of the wire contract v1, typed with `jiaohao.wire` models, as plain blocking methods.

`HallApi` blocks, so a Qt front-end never calls it on the UI thread: it goes through `QtHallApi`
(`qt_api.py`), which runs these same methods on a worker thread. The simulator and the demo, which have no
event loop, call `HallApi` directly. One implementation of the contract serves both.

Why httpx on a worker thread rather than QNetworkAccessManager: the same code drives the terminal
simulator, tests and load generators without a Qt event loop; httpx gives per-call timeouts, connection
pooling and an error hierarchy that maps cleanly onto `ApiError`; and the pydantic parsing of a large
hall view happens off the UI thread too.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Any, Literal, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from jiaohao.wire.models import (
    API_PREFIX,
    AppointmentIn,
    AppointmentOut,
    ErrorOut,
    FinishIn,
    FollowUpOut,
    HallOut,
    LoginOut,
    MeOut,
    QueueEntry,
    RatingOut,
    TicketOut,
    TicketPosition,
    WindowOut,
    WindowTicketOut,
    WindowToday,
)

from .errors import NETWORK, PROTOCOL, ApiError

__all__ = ["HallApi", "api_root", "server_root"]

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)
_QUEUE = TypeAdapter(list[QueueEntry])

MSG_UNREACHABLE = "无法连接服务器，请检查网络或联系管理员"
MSG_TIMEOUT = "服务器响应超时，请稍后重试"
MSG_NO_SERVER = "尚未找到服务器，正在搜索…"
MSG_PROTOCOL = "服务器返回的数据无法识别，请联系管理员"


def server_root(url: str) -> str:
    """`http://host:port` from anything a clerk might type: with or without the API path or a slash."""
    url = url.strip().rstrip("/")
    if "://" not in url:
        url = "http://" + url
    return url.removesuffix(API_PREFIX).rstrip("/")


def api_root(url: str) -> str:
    return server_root(url) + API_PREFIX


class HallApi:
    """A blocking client for one hall server. Thread-safe: the URL can move (discovery) while calls run.

    `base_url` may be None until the server is found; calls then fail with a network `ApiError`.
    `token` is the device token or a staff login's token; `login()` does not replace it by itself.
    """

    def __init__(
        self,
        base_url: str | None,
        token: str | None = None,
        *,
        timeout: float = 5.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._lock = threading.Lock()
        self._root = server_root(base_url) if base_url else None
        self.token = token
        self._http = httpx.Client(timeout=timeout, transport=transport)

    @property
    def base_url(self) -> str | None:
        with self._lock:
            return self._root

    @base_url.setter
    def base_url(self, url: str | None) -> None:
        with self._lock:
            self._root = server_root(url) if url else None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HallApi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transport and error translation ----------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        token: str | None = None,
    ) -> httpx.Response:
        """Send one call; any failure becomes an `ApiError` (the cause kept as `__cause__` for the log)."""
        root = self.base_url
        if root is None:
            raise ApiError(NETWORK, MSG_NO_SERVER)
        bearer = token if token is not None else self.token
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        try:
            response = self._http.request(method, root + API_PREFIX + path, json=json, params=params, headers=headers)
        except httpx.TimeoutException as err:
            # INFO: the caller shows the ApiError; a retry loop must not flood the log with warnings.
            log.info("%s %s: timeout (%s)", method, path, err)
            raise ApiError(NETWORK, MSG_TIMEOUT) from err
        except httpx.TransportError as err:
            log.info("%s %s: %s", method, path, err)
            raise ApiError(NETWORK, MSG_UNREACHABLE) from err
        if response.status_code >= 400:
            raise _error_of(response)
        return response

    def _parse(self, model: type[M], response: httpx.Response) -> M:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as err:
            log.error("%s answered outside the contract: %s", response.request.url, err)
            raise ApiError(PROTOCOL, MSG_PROTOCOL, response.status_code) from err

    def _parse_queue(self, response: httpx.Response) -> list[QueueEntry]:
        try:
            return _QUEUE.validate_json(response.content)
        except ValidationError as err:
            log.error("%s answered outside the contract: %s", response.request.url, err)
            raise ApiError(PROTOCOL, MSG_PROTOCOL, response.status_code) from err

    def _window(self, window: int, action: str, body: dict[str, Any] | None = None) -> WindowTicketOut:
        return self._parse(WindowTicketOut, self.request("POST", f"/windows/{window}/{action}", json=body))

    # --- the contract -----------------------------------------------------------------------------------

    def hall(self) -> HallOut:
        return self._parse(HallOut, self.request("GET", "/hall"))

    def login(self, staff_no: str, pin: str, window: int | None) -> LoginOut:
        body = {"staff_no": staff_no, "pin": pin, "window": window}
        return self._parse(LoginOut, self.request("POST", "/auth/login", json=body, token=""))

    def logout(self, token: str | None = None) -> None:
        self.request("POST", "/auth/logout", token=token)

    def me(self) -> MeOut:
        """Who this token belongs to: a clerk (and the window logged in at) or a device (and its windows)."""
        return self._parse(MeOut, self.request("GET", "/auth/me"))

    def issue_ticket(
        self,
        service: str | None,
        *,
        channel: str = "normal",
        appointment_code: str | None = None,
        holder_id: str | None = None,
        appointment_phone_tail: str | None = None,
    ) -> TicketOut:
        body: dict[str, Any] = {"service": service, "channel": channel}
        if appointment_code is not None:
            body["appointment_code"] = appointment_code
        if holder_id is not None:
            body["holder_id"] = holder_id
        if appointment_phone_tail is not None:
            body["appointment_phone_tail"] = appointment_phone_tail
        return self._parse(TicketOut, self.request("POST", "/tickets", json=body))

    def notify_ticket(self, ticket_id: int, phone: str) -> None:
        """短信提醒: text this phone when the ticket is near its turn and when it is called."""
        self.request("POST", f"/tickets/{ticket_id}/notify", json={"phone": phone})

    def ticket(self, ticket_id: int, track_token: str) -> TicketPosition:
        response = self.request("GET", f"/tickets/{ticket_id}", params={"track": track_token})
        return self._parse(TicketPosition, response)

    def call_next(self, window: int) -> WindowTicketOut | None:
        """The called ticket, or None when nobody waits for this window (204)."""
        response = self.request("POST", f"/windows/{window}/call-next")
        if response.status_code == 204:
            return None
        return self._parse(WindowTicketOut, response)

    def call_number(self, window: int, number: str) -> WindowTicketOut:
        return self._window(window, "call", {"number": number})

    def recall(self, window: int) -> WindowTicketOut:
        return self._window(window, "recall")

    def start(self, window: int) -> WindowTicketOut:
        return self._window(window, "start")

    def finish(self, window: int, outcome: FinishIn | None = None) -> WindowTicketOut:
        """办结; with no outcome a plain 一次办结, as the keypad's finish."""
        body = outcome.model_dump(mode="json", exclude_none=True) if outcome is not None else None
        return self._window(window, "finish", body)

    def followups(
        self, status: str | None = None, *, number: str | None = None, holder: str | None = None
    ) -> list[FollowUpOut]:
        """容缺 follow-ups (staff): by status, or a returning citizen's by ticket number or ID/phone."""
        params = {k: v for k, v in {"status": status, "number": number, "holder": holder}.items() if v}
        response = self.request("GET", "/followups", params=params)
        return [FollowUpOut.model_validate(item) for item in response.json()]

    def fulfil_followup(self, followup_id: int, received: str | None = None) -> FollowUpOut:
        body = {"received": received} if received else None
        return self._parse(FollowUpOut, self.request("POST", f"/followups/{followup_id}/fulfil", json=body))

    def no_show(self, window: int) -> WindowTicketOut:
        return self._window(window, "no-show")

    def hold(self, window: int) -> WindowTicketOut:
        return self._window(window, "hold")

    def transfer(
        self,
        window: int,
        *,
        service: str | None = None,
        to_window: int | None = None,
        position: str = "back",
        note: str | None = None,
    ) -> WindowTicketOut:
        """Re-queue the current ticket; `note` tells the next window what was done (首问负责)."""
        body: dict[str, Any] = {"position": position}
        if note:
            body["note"] = note
        if service is not None:
            body["service"] = service
        if to_window is not None:
            body["window"] = to_window
        return self._window(window, "transfer", body)

    def pause(self, window: int, reason: str | None = None) -> WindowOut:
        response = self.request("POST", f"/windows/{window}/pause", json={"reason": reason})
        return self._parse(WindowOut, response)

    def resume(self, window: int) -> WindowOut:
        return self._parse(WindowOut, self.request("POST", f"/windows/{window}/resume", json={}))

    def window_queue(self, window: int) -> list[QueueEntry]:
        """The window's waiting list in the order call-next takes it, then its held and no-show tickets."""
        return self._parse_queue(self.request("GET", f"/windows/{window}/queue"))

    def window_today(self, window: int) -> WindowToday:
        return self._parse(WindowToday, self.request("GET", f"/windows/{window}/today"))

    def request_rating(self, window: int) -> dict[str, Any]:
        """Ask the window's pad to rate its current ticket, else the last one finished; answers the request's
        data (ticket, number, service, reasons), as the `rating.requested` event carries it."""
        answer: dict[str, Any] = self.request("POST", f"/windows/{window}/rating-request").json()
        return answer

    def staff_photo(self, path: str) -> bytes:
        """The image at `WindowOut.staff_photo` (a path on this server, e.g. `/api/v1/staff/1001/photo`)."""
        if not path.startswith(API_PREFIX + "/"):
            raise ValueError(f"not a path of this server's API: {path!r}")
        return self.request("GET", path.removeprefix(API_PREFIX)).content

    def create_appointment(self, appointment: AppointmentIn) -> AppointmentOut:
        response = self.request("POST", "/appointments", json=appointment.model_dump(mode="json"))
        return self._parse(AppointmentOut, response)

    def rate(
        self,
        ticket_id: int,
        level: int,
        reasons: list[str] | None = None,
        comment: str | None = None,
        *,
        source: Literal["pad", "evaluator"] = "pad",
        rated_at: datetime | None = None,
    ) -> RatingOut:
        """`POST /ratings`. `source="evaluator"`: a serial evaluator's press (its 差评 needs no reason).
        `rated_at` (aware): when the citizen pressed, for a rating kept while offline (within a day)."""
        if rated_at is not None and rated_at.tzinfo is None:
            raise ValueError("rated_at must carry its time zone")
        body: dict[str, Any] = {"ticket_id": ticket_id, "level": level, "source": source}
        if reasons:
            body["reasons"] = reasons
        if comment:
            body["comment"] = comment
        if rated_at is not None:
            body["rated_at"] = rated_at.isoformat()
        return self._parse(RatingOut, self.request("POST", "/ratings", json=body))


def _error_of(response: httpx.Response) -> ApiError:
    status = response.status_code
    try:
        body = ErrorOut.model_validate_json(response.content)
    except ValidationError:
        # Not our error shape: a proxy page, or a server from another version. Say so plainly.
        log.warning("%s: %d without the error shape: %.200s", response.request.url, status, response.text)
        if status >= 500:
            return ApiError("server_error", f"服务器出错（{status}），请联系管理员", status)
        return ApiError("http_error", f"服务器拒绝了请求（{status}）", status)
    if status >= 500:
        log.error("%s: server bug %d %s: %s", response.request.url, status, body.error.code, body.error.message)
    return ApiError(body.error.code, body.error.message, status)
