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
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl

from fastapi import Request

from jiaohao.domain.errors import Forbidden, Invalid, TooManyAttempts, Unauthorized

from .. import audit, auth
from ..audit import Who
from ..auth import Principal
from ..runtime import HallRuntime
from ..storage import Connection
from ..storage import staff as staff_rows
from ..storage.staff import StaffMember
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
    return dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))


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


class LoginThrottle:
    """Failures per client address, on top of the per-account lockout: guessing across many staff numbers
    from one machine is slowed too."""

    def __init__(self, limit: int = 10, per: timedelta = timedelta(minutes=10)) -> None:
        self.limit = limit
        self.per = per
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def check(self, client: str, now: datetime) -> None:
        with self._lock:
            recent = self._failures.get(client)
            while recent and now - recent[0] > self.per:
                recent.popleft()
            if recent is not None and len(recent) >= self.limit:
                minutes = max(1, int((recent[0] + self.per - now).total_seconds() // 60) + 1)
                raise TooManyAttempts("login_throttled", f"登录失败次数过多，请 {minutes} 分钟后再试")

    def failed(self, client: str, now: datetime) -> None:
        with self._lock:
            if len(self._failures) > 10_000:
                self._failures.clear()
            self._failures.setdefault(client, deque()).append(now)


@dataclass(frozen=True, slots=True)
class LoginResult:
    token: str


async def log_in(runtime: HallRuntime, throttle: LoginThrottle, client: str, staff_no: str, pin: str) -> LoginResult:
    """Verify the PIN as the API does (argon2, account lockout), but only supervisors and admins get in."""
    config = runtime.config
    now = runtime.clock.now()
    throttle.check(client, now)
    clerk = False

    def precheck(conn: Connection) -> StaffMember | None:
        nonlocal clerk
        try:
            return auth.check_login_allowed(conn, config, staff_no, None, now)
        except Invalid as err:
            if err.code != "window_required":
                raise
            # A clerk's account (the API needs a window for it): verify the PIN all the same, so that the
            # answer and its timing do not tell an outsider which staff numbers exist.
            clerk = True
            return staff_rows.member(conn, staff_no)

    staff = await runtime.read(precheck)
    ok = await asyncio.to_thread(auth.verify_pin, staff.pin_hash if staff is not None else None, pin)
    ok = ok and staff is not None and staff.active
    if ok and clerk:
        raise Forbidden("supervisor_only", "该账号为窗口工作人员，无权登录管理后台，请使用值班主任或管理员账号")

    def record(uow: UnitOfWork) -> auth.LoginAttempt:
        attempt = auth.record_login(uow.conn, config, staff, ok, None, now)
        audit.record_login(uow.conn, config.hall.id, now, Who(staff_no, client), attempt)
        return attempt

    attempt = await runtime.write(record)
    if not attempt.ok or attempt.token is None:
        throttle.failed(client, now)
        if attempt.locked_until is not None:
            raise TooManyAttempts("login_locked", "密码错误次数过多，账号已临时锁定，请稍后再试或联系管理员")
        raise Unauthorized("bad_login", "工号或密码错误")
    return LoginResult(attempt.token)


async def log_out(runtime: HallRuntime, principal: Principal, who: Who) -> None:
    now = runtime.clock.now()

    def command(uow: UnitOfWork) -> None:
        auth.logout(uow.conn, runtime.config, principal, now)
        audit.record(uow.conn, runtime.config.hall.id, now, who, "logout")

    await runtime.write(command)
    runtime.tokens.forget(principal.token_hash)
