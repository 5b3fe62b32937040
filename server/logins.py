"""Who may try a PIN now, and the one place that tells the world a login happened.

Two limits, both kept in this process's memory (a restart forgets them; each process of a PostgreSQL hall
counts its own):
- per client address: `per_address` failures within `address_period`, whatever staff number was tried, so
  nobody guesses across the public staff numbers (`GET /hall`) from one machine; the API and the web share it.
- per staff member **and** address: `max_failures` wrong PINs in a row lock that staff number *from that
  address* for `lockout`. Wrong PINs typed elsewhere never lock a clerk out of their own window PC.

An unknown staff number is counted exactly like a known one, so the answers say nothing about who exists.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from jiaohao.domain.errors import TooManyAttempts, Unauthorized

from . import auth
from .audit import Who
from .storage.staff import StaffMember

if TYPE_CHECKING:
    from .runtime import HallRuntime

log = logging.getLogger("jiaohao.logins")

_MAX_KEYS = 10_000  # beyond this many addresses or pairs, start again rather than grow without bound


def login_event(kind: str, *, staff_no: str | None, address: str, at: datetime, detail: str = "") -> None:
    """One log line per login, failed login and lockout (kind: login | login_failed | locked), API and /admin
    alike; the audit log records the same in the database (`server.audit`)."""
    log.info("%s staff=%s from=%s %s", kind, staff_no or "-", address, detail)


@dataclass
class _Account:
    failures: int = 0
    locked_until: datetime | None = None
    pin_hash: str | None = None  # the PIN the lock was earned against: an admin setting a new one lifts it


class LoginGuard:
    def __init__(
        self,
        max_failures: int,
        lockout: timedelta,
        per_address: int = 10,
        address_period: timedelta = timedelta(minutes=10),
    ) -> None:
        self.max_failures = max_failures
        self.lockout = lockout
        self.per_address = per_address
        self.address_period = address_period
        self._by_address: dict[str, deque[datetime]] = {}
        self._accounts: dict[tuple[str, str], _Account] = {}
        self._lock = threading.Lock()

    def check(self, address: str, staff_no: str, now: datetime, pin_hash: str | None = None) -> None:
        """Raise TooManyAttempts (429) when this address, or this staff number from it, must wait. A lock
        earned against another PIN than the staff member's current one (`pin_hash`) is lifted: the
        administrator who sets a new PIN (`jiaohao admin staff set-pin`) means the clerk to log in now."""
        with self._lock:
            recent = self._by_address.get(address)
            while recent and now - recent[0] > self.address_period:
                recent.popleft()
            if recent is not None and len(recent) >= self.per_address:
                wait = recent[0] + self.address_period - now
                raise TooManyAttempts("login_throttled", f"登录失败次数过多，请 {_minutes(wait)} 分钟后再试")
            account = self._accounts.get((staff_no, address))
            if account is not None and pin_hash is not None and account.pin_hash not in (None, pin_hash):
                del self._accounts[(staff_no, address)]
                account = None
            if account is not None and account.locked_until is not None and account.locked_until > now:
                wait = account.locked_until - now
                raise TooManyAttempts("login_locked", f"密码错误次数过多，请 {_minutes(wait)} 分钟后再试或联系管理员")

    def failed(self, address: str, staff_no: str, now: datetime, pin_hash: str | None = None) -> bool:
        """Count a wrong PIN (or unknown staff number); True when it just locked the pair."""
        with self._lock:
            if len(self._by_address) > _MAX_KEYS:
                self._by_address.clear()
            if len(self._accounts) > _MAX_KEYS:
                self._accounts.clear()
            self._by_address.setdefault(address, deque()).append(now)
            account = self._accounts.setdefault((staff_no, address), _Account())
            if account.locked_until is not None and account.locked_until <= now:
                account.locked_until = None
            account.failures += 1
            account.pin_hash = pin_hash
            if account.failures >= self.max_failures:
                account.failures = 0
                account.locked_until = now + self.lockout
                return True
            return False

    def succeeded(self, address: str, staff_no: str) -> None:
        with self._lock:
            self._accounts.pop((staff_no, address), None)


def _minutes(wait: timedelta) -> int:
    return max(1, int(wait.total_seconds() // 60) + 1)


async def verify(runtime: HallRuntime, address: str, staff_no: str, pin: str, window: int | None) -> StaffMember:
    """The staff member whose PIN this is, or the same 401 for an unknown number and a wrong PIN (both cost
    one argon2 verification), or 429 while the address or the staff number at this address must wait."""
    now = runtime.clock.now()
    staff = await runtime.read(lambda conn: auth.check_login_allowed(conn, runtime.config, staff_no, window))
    pin_hash = staff.pin_hash if staff is not None else None
    runtime.logins.check(address, staff_no, now, pin_hash)
    ok = await asyncio.to_thread(auth.verify_pin, staff.pin_hash if staff is not None else None, pin)
    if not ok or staff is None or not staff.active:
        locked = runtime.logins.failed(address, staff_no, now, pin_hash)
        login_event("locked" if locked else "login_failed", staff_no=staff_no, address=address, at=now)
        until = {"locked_until": (now + runtime.logins.lockout).isoformat()} if locked else None
        await runtime.audit(Who(staff_no, address), "lockout" if locked else "login_failed", f"staff.{staff_no}",
                            after=until)
        if locked:
            raise Unauthorized("login_locked", "密码错误次数过多，已暂时锁定在这台电脑上的登录，请稍后再试或联系管理员")
        raise Unauthorized("bad_login", "工号或密码错误")
    runtime.logins.succeeded(address, staff_no)
    return staff
