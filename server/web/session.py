"""Supervisor sessions for the browser: a login form, an HttpOnly cookie, CSRF tokens and login throttling.

The cookie holds an ordinary staff session token (auth.record_login, no window), so expiry, revocation and the
PIN lockout are the API's own. The CSRF token is an HMAC of that session token: a page that can read it
could already act, and another site can neither read nor compute it. Before a session exists, the login form
uses a double-submit cookie. SameSite=Strict and the Origin check are a second fence, not the only one.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qsl

from fastapi import Request

from jiaohao.domain.errors import Forbidden, Invalid, Unauthorized
from jiaohao.wire.base import strip_control_chars

from .. import audit, auth, logins
from ..audit import Who
from ..auth import Principal
from ..runtime import HallRuntime
from ..storage.unit_of_work import UnitOfWork

COOKIE = "jiaohao_admin"
LOGIN_COOKIE = "jiaohao_login"  # the double-submit CSRF value of the login form
MAX_FORM_BYTES = 16 * 1024


class LoginRequired(Exception):
    """No valid supervisor session: pages redirect to the login form, fragments answer 401."""


class NotSupervisor(Exception):
    """Logged in, but as a clerk: pages answer 403."""


class CsrfRejected(Exception):
    """A form without the right token, or from another origin."""


def csrf_token(session_token: str) -> str:
    return hmac.new(session_token.encode(), b"jiaohao-csrf", hashlib.sha256).hexdigest()


def new_login_nonce() -> str:
    return secrets.token_urlsafe(24)


async def read_form(request: Request) -> dict[str, str]:
    """A urlencoded form, parsed here rather than through python-multipart (not a dependency we ship)."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise Invalid("form_too_large", "提交的内容过长")
    fields = parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True)
    # Control characters and bidi overrides never reach storage (they showed up in the dashboard's HTML).
    return {name: strip_control_chars(value) for name, value in fields}


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None  # browsers send Origin on POST; "null" (sandboxed, file:) is never ours
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


def check_csrf(request: Request, form: dict[str, str], expected: str | None) -> None:
    given = form.get("csrf", "")
    if expected is None or not given or not hmac.compare_digest(given, expected) or not _same_origin(request):
        raise CsrfRejected()


async def _resolve(runtime: HallRuntime, token: str) -> Principal:
    try:
        return runtime.tokens.resolve_cached(token)
    except LookupError:
        return await asyncio.to_thread(runtime.tokens.resolve, token)


async def current_user(request: Request) -> tuple[Principal, str] | None:
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    runtime: HallRuntime = request.app.state.runtime
    try:
        principal = await _resolve(runtime, token)
    except Unauthorized:
        return None  # expired or revoked: the same as not logged in
    return (principal, token) if principal.kind == "staff" else None


async def supervisor(request: Request) -> tuple[Principal, str]:
    """The supervisor (or admin) behind this request and the session token, or LoginRequired/NotSupervisor."""
    user = await current_user(request)
    if user is None:
        raise LoginRequired()
    if not user[0].is_supervisor:
        raise NotSupervisor()
    return user


@dataclass(frozen=True, slots=True)
class LoginResult:
    token: str


async def log_in(runtime: HallRuntime, client: str, staff_no: str, pin: str) -> LoginResult:
    """Verify the PIN as the API does (argon2, the same per-address and per-account limits, shared with it),
    but only supervisors and admins get in."""
    config = runtime.config
    staff = await logins.verify(runtime, client, staff_no, pin, None)
    if staff.role == "staff":
        raise Forbidden("supervisor_only", "该账号为窗口工作人员，无权登录管理后台，请使用值班主任或管理员账号")
    now = runtime.clock.now()

    def record(uow: UnitOfWork) -> auth.LoginAttempt:
        attempt = auth.record_login(uow.conn, config, staff, None, now)
        audit.record_login(uow.conn, config.hall.id, now, Who(staff.no, client), None)
        return attempt

    attempt = await runtime.write(record)
    logins.login_event("login", staff_no=staff.no, address=client, at=now, detail="web")
    return LoginResult(attempt.token)


async def log_out(runtime: HallRuntime, principal: Principal, who: Who) -> None:
    now = runtime.clock.now()

    def command(uow: UnitOfWork) -> None:
        auth.logout(uow.conn, runtime.config, principal, now)
        audit.record(uow.conn, runtime.config.hall.id, now, who, "logout")

    await runtime.write(command)
    runtime.tokens.forget(principal.token_hash)
