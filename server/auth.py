"""Staff logins (staff number + PIN → token bound to a window), device tokens, and who may do what."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from jiaohao.domain.config import HallConfig
from jiaohao.domain.errors import Forbidden, Invalid, Unauthorized

from .storage import Connection, Engine, hot_path
from .storage import devices as device_rows
from .storage import hall as hall_rows
from .storage import staff as staff_rows
from .storage.staff import StaffMember
from .storage.unit_of_work import UnitOfWork

DEVICE_KINDS = ("kiosk", "display", "pad", "caller")
ROLES = ("staff", "supervisor", "admin")
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-pin")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_pin() -> str:
    """A random six-digit PIN (for a first administrator, shown once)."""
    return f"{secrets.randbelow(1_000_000):06d}"


def hash_pin(pin: str) -> str:
    if not (4 <= len(pin) <= 64):
        raise Invalid("bad_pin", "密码长度应为 4 到 64 位")
    return _hasher.hash(pin)


def verify_pin(pin_hash: str | None, pin: str) -> bool:
    """Slow on purpose (argon2); call it off the event loop and outside the writer."""
    try:
        return _hasher.verify(pin_hash or _DUMMY_HASH, pin) and pin_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True, slots=True)
class Principal:
    kind: Literal["staff", "device"]
    role: str  # staff | supervisor | admin, or the device kind
    windows: frozenset[int]
    token_hash: str
    staff_no: str | None = None
    staff_name: str | None = None
    device_id: int | None = None
    expires_at: datetime | None = None

    @property
    def is_supervisor(self) -> bool:
        return self.kind == "staff" and self.role in ("supervisor", "admin")

    def require_window(self, number: int) -> None:
        allowed = number in self.windows and (self.kind == "staff" or self.role == "caller")
        if not allowed:
            raise Forbidden("wrong_window", f"无权操作 {number} 号窗口")

    def require_device(self, *kinds: str) -> None:
        if self.kind == "device" and self.role in kinds:
            return
        if self.kind == "staff" and self.role == "admin":
            return
        names = {"kiosk": "取号机", "display": "显示屏", "pad": "评价器", "caller": "叫号器"}
        raise Forbidden("wrong_device", f"只有{'、'.join(names[k] for k in kinds)}可以这样做")

    def require_supervisor(self) -> None:
        if not self.is_supervisor:
            raise Forbidden("supervisor_only", "需要值班主任或管理员权限")


class TokenResolver:
    """Token → Principal, with a short cache so that each request does not cost a database read."""

    def __init__(self, engine: Engine, clock: Any, ttl_seconds: float = 5.0) -> None:
        self._engine = engine
        self._clock = clock
        self._ttl = ttl_seconds
        self._cache: dict[str, tuple[float, Principal | None]] = {}
        self._lock = threading.Lock()

    def forget(self, hashed: str) -> None:
        with self._lock:
            self._cache.pop(hashed, None)

    def resolve_cached(self, token: str | None) -> Principal:
        """Answer from the cache only; LookupError when the database must be asked."""
        if not token:
            raise Unauthorized("no_token", "缺少登录凭证，请先登录或配置设备令牌")
        with self._lock:
            hit = self._cache.get(token_hash(token))
        if hit is None or hit[0] <= time.monotonic():
            raise LookupError(token)
        return self._valid(hit[1])

    def _valid(self, principal: Principal | None) -> Principal:
        if principal is None or (principal.expires_at is not None and principal.expires_at <= self._clock.now()):
            raise Unauthorized("bad_token", "登录已失效或设备令牌无效，请重新登录或联系管理员")
        return principal

    def clear(self) -> None:
        """Forget everything, e.g. after a login revoked another session."""
        with self._lock:
            self._cache.clear()

    def resolve(self, token: str | None) -> Principal:
        if not token:
            raise Unauthorized("no_token", "缺少登录凭证，请先登录或配置设备令牌")
        hashed = token_hash(token)
        now_mono = time.monotonic()
        with self._lock:
            hit = self._cache.get(hashed)
        if hit is not None and hit[0] > now_mono:
            principal = hit[1]
        else:
            principal = self._load(hashed)
            with self._lock:
                if len(self._cache) > 10_000:
                    self._cache.clear()
                self._cache[hashed] = (now_mono + self._ttl, principal)
        return self._valid(principal)

    def _load(self, hashed: str) -> Principal | None:
        with self._engine.connect() as conn:
            return principal_for(conn, hashed, self._clock.now())


def principal_for(conn: Connection, hashed: str, now: datetime) -> Principal | None:
    """Who holds the token with this hash now: None when unknown, revoked, expired or the account is off."""
    session = staff_rows.session(conn, hashed)
    if session is not None:
        if session.revoked or session.expires_at <= now or not session.active:
            return None
        windows = frozenset({session.window}) if session.window is not None else frozenset()
        return Principal(
            "staff", session.role, windows, hashed, session.staff_no, session.staff_name, expires_at=session.expires_at
        )
    device = device_rows.by_token_hash(conn, hashed)
    if device is None or device.revoked_at is not None:
        return None
    return Principal("device", device.kind, device.windows, hashed, device_id=device.id)


def require_still_valid(uow: UnitOfWork, caller: Principal, now: datetime) -> None:
    """Inside the writer's transaction, before a change: the token cache may be seconds old, and the token
    revoked since (logout, a new login at the window, `jiaohao admin device revoke`, in any process)."""
    if not hot_path.token_in_force(uow, caller.token_hash, now):
        raise Unauthorized("bad_token", "登录已失效或设备令牌无效，请重新登录或联系管理员")


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    token: str
    expires_at: datetime


def check_login_allowed(conn: Connection, config: HallConfig, staff_no: str, window: int | None) -> StaffMember | None:
    """Read-only pre-checks that say nothing about the staff number; returns the staff member, or None when
    unknown (its PIN is still verified against a dummy hash, so both answer alike and in the same time).
    Lockouts are per staff member and address (`server.logins.LoginGuard`)."""
    if window is not None and config.window(window) is None:
        raise Invalid("unknown_window", f"没有 {window} 号窗口")
    return staff_rows.member(conn, staff_no)


def require_window(staff: StaffMember, window: int | None) -> None:
    """Only after the PIN was right: before, this answer told an outsider that the staff number exists."""
    if staff.role == "staff" and window is None:
        raise Invalid("window_required", "请选择登录的窗口号")


def record_login(
    conn: Connection, config: HallConfig, staff: StaffMember, window: int | None, now: datetime
) -> LoginAttempt:
    """Inside the writer, after the PIN was verified: open a session bound to the window."""
    policy = config.policy
    token = new_token()
    expires = now + timedelta(hours=policy.staff_token_hours)
    if window is not None:
        # One clerk per window: a new login at a window ends the previous one's session there.
        staff_rows.end_window_sessions(conn, config.hall.id, window)
        status = hall_rows.window_status(conn, config.hall.id, window)
        hall_rows.seat_staff(conn, config.hall.id, window, staff.no, "open" if status == "closed" else status, now)
    staff_rows.open_session(
        conn,
        token_hash=token_hash(token),
        staff_id=staff.id,
        hall_id=config.hall.id,
        window=window,
        now=now,
        expires=expires,
    )
    return LoginAttempt(token, expires)


def logout(conn: Connection, config: HallConfig, principal: Principal, now: datetime) -> list[int]:
    """End the session; its window closes if this clerk was the one at it. Returns the windows changed."""
    staff_rows.end_session(conn, principal.token_hash)
    return [
        window
        for window in sorted(principal.windows)
        if hall_rows.release_window(conn, config.hall.id, window, principal.staff_no, now)
    ]


# --- administration (the `jiaohao admin` CLI) ------------------------------------------------------------


def add_staff(
    conn: Connection, no: str, name: str, pin: str, role: str, title: str = "", photo: str | None = None
) -> None:
    if role not in ROLES:
        raise Invalid("bad_role", f"角色应为 {', '.join(ROLES)}")
    if staff_rows.member(conn, no) is not None:
        raise Invalid("staff_exists", f"工号 {no} 已存在")
    staff_rows.add(conn, no=no, name=name, role=role, title=title, photo=photo, pin_hash=hash_pin(pin))


def set_pin(conn: Connection, no: str, pin: str) -> None:
    if not staff_rows.set_pin_hash(conn, no, hash_pin(pin)):
        raise Invalid("unknown_staff", f"没有工号 {no}")


def add_device(
    conn: Connection, kind: str, name: str, windows: list[int], now: datetime, *, token: str | None = None
) -> str:
    if kind not in DEVICE_KINDS:
        raise Invalid("bad_kind", f"设备类型应为 {', '.join(DEVICE_KINDS)}")
    if kind == "pad" and len(windows) != 1:
        raise Invalid("pad_one_window", "评价器必须绑定且只绑定一个窗口（--window N）")
    if kind == "caller" and not windows:
        raise Invalid("caller_windows", "叫号设备至少要绑定一个窗口（--window N）")
    if device_rows.name_taken(conn, name):
        raise Invalid("device_exists", f"设备名 {name} 已存在")
    token = token or new_token()
    device_rows.add(conn, name=name, kind=kind, windows=windows, token_hash=token_hash(token), now=now)
    return token


def revoke_device(conn: Connection, name: str, now: datetime) -> None:
    if not device_rows.revoke(conn, name, now):
        raise Invalid("unknown_device", f"没有未吊销的设备 {name}")
