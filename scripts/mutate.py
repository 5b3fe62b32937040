#!/usr/bin/env python3
"""`make mutate`: break the hall's core rules on purpose, one at a time, and check the suite notices.

Each mutation names a snippet of source (found by its exact text anywhere in the packages, so it survives a
module moving), what to put in its place, and the tests that must fail. The runner applies one mutation,
runs those tests (SQLite only, stop at the first failure), restores the file byte for byte, and prints a
killed/survived table. A mutation whose snippet is not found exactly once is reported as STALE: the table
must be kept in step with the code, never silently skipped. Exit status: 0 only when every mutation is killed.

    .venv/bin/python scripts/mutate.py [--only ID …] [--list]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("jiaohao", "server", "client", "kiosk", "caller", "display", "pad", "drivers")


@dataclass(frozen=True)
class Mutation:
    id: str
    what: str  # the defect a user would meet
    find: str
    replace: str
    tests: tuple[str, ...]


DOMAIN = "tests/domain"
SERVER_API = ("tests/server/test_api_windows.py", "tests/server/test_api_tickets.py", "tests/server/test_events.py")

MUTATIONS: tuple[Mutation, ...] = (
    # --- call order --------------------------------------------------------------------------------------
    Mutation(
        "order-green",
        "the green channel no longer goes ahead of normal tickets",
        "return (1, 0, 0 if c.front else 1, c.queued_at, c.ticket_id)",
        "return (3, 99, 0 if c.front else 1, c.queued_at, c.ticket_id)",
        (DOMAIN,),
    ),
    Mutation(
        "order-starve",
        "a ticket that waited past the limit is no longer served ahead",
        "if now - c.issued_at > starve_after:",
        "if False:",
        (DOMAIN,),
    ),
    Mutation(
        "order-priority",
        "a window's service priority order is reversed",
        "rank = window.services.index(c.service)",
        "rank = -window.services.index(c.service)",
        (DOMAIN,),
    ),
    Mutation(
        "order-transferred",
        "a ticket transferred to this window no longer comes first",
        "return (0, 0, 0 if c.front else 1, c.queued_at, c.ticket_id)",
        "return (4, 0, 0 if c.front else 1, c.queued_at, c.ticket_id)",
        (DOMAIN,),
    ),
    Mutation(
        "lane-oldest",
        "the server's queue drops its 'oldest ticket' lane (an overdue ticket is passed over)",
        '(("oldest", ticket.service), (ticket.issued_at, ticket.id)),',
        "",
        ("tests/server",),
    ),
    # --- numbering and the business day ------------------------------------------------------------------
    Mutation(
        "number-width",
        "numbers lose their zero padding (A1 instead of A001)",
        'return f"{prefix}{seq:0{width}d}"',
        'return f"{prefix}{seq}"',
        (DOMAIN,),
    ),
    Mutation(
        "number-restart",
        "numbers skip one after a restart (A001 → A003)",
        "r.service: r.last_seq",
        "r.service: r.last_seq + 1",
        ("tests/server",),
    ),
    Mutation(
        "day-reset",
        "the business day turns at midnight instead of the configured hour",
        "return (local - timedelta(hours=policy.day_reset_hour)).date()",
        "return local.date()",
        (DOMAIN,),
    ),
    Mutation(
        "day-turn",
        "the day's turn no longer cancels yesterday's waiting tickets",
        "WHERE hall_id = ? AND day < ? AND state IN",
        "WHERE hall_id = ? AND day < ? AND 1 = 0 AND state IN",
        ("tests/server",),
    ),
    Mutation(
        "cap",
        "the daily cap lets one ticket too many through",
        "if service.daily_cap is not None and issued_today >= service.daily_cap:\n        raise Conflict(",
        "if service.daily_cap is not None and issued_today > service.daily_cap:\n        raise Conflict(",
        (DOMAIN, "tests/server/test_api_tickets.py"),
    ),
    # --- ticket states -----------------------------------------------------------------------------------
    Mutation(
        "state-finish-waiting",
        "a ticket nobody called can be finished",
        "Action.FINISH: (frozenset({S.CALLED, S.SERVING}), S.DONE),",
        "Action.FINISH: (frozenset({S.WAITING, S.CALLED, S.SERVING}), S.DONE),",
        (DOMAIN, *SERVER_API),
    ),
    # --- the event log -----------------------------------------------------------------------------------
    Mutation(
        "seq-gap",
        "event numbers skip (a screen sees a gap and resyncs forever)",
        "self._seq += 1",
        "self._seq += 2",
        ("tests/server/test_events.py",),
    ),
    Mutation(
        "seq-restart",
        "event numbers jump after a restart",
        "self._seq = int(row[0])",
        "self._seq = int(row[0]) + 1",
        ("tests/server",),
    ),
    Mutation(
        "client-duplicate",
        "a front-end applies an event it already has (A020 listed twice)",
        "if self.hall is None or event.seq <= self.seq:",
        "if self.hall is None or event.seq < self.seq:",
        ("tests/client/test_client_units.py", "tests/contract"),
    ),
    # --- 好差评 ------------------------------------------------------------------------------------------
    Mutation(
        "rating-bad-levels",
        "不满意 (2) no longer counts as 差评: no case opens",
        "BAD_LEVELS = frozenset({1, 2})",
        "BAD_LEVELS = frozenset({1})",
        (DOMAIN, "tests/server/test_ratings.py"),
    ),
    Mutation(
        "rating-window",
        "a rating is accepted long after the service finished",
        "return finished_at + timedelta(minutes=policy.rating_window_min)",
        "return finished_at + timedelta(days=1)",
        ("tests/server/test_ratings.py", "tests/server/test_window_views.py"),
    ),
    Mutation(
        "rating-other-window",
        "another window's pad may rate a ticket",
        "if ticket.window is None or ticket.window not in windows:",
        "if ticket.window is None:",
        ("tests/server/test_ratings.py",),
    ),
    # --- permissions -------------------------------------------------------------------------------------
    Mutation(
        "window-binding",
        "a clerk logged in at one window can act on another",
        'allowed = number in self.windows and (self.kind == "staff" or self.role == "caller")',
        'allowed = self.kind == "staff" or self.role == "caller"',
        ("tests/server/test_api_windows.py", "tests/server/test_devices.py"),
    ),
    # --- appointments ------------------------------------------------------------------------------------
    Mutation(
        "appointment-late",
        "an appointment long past its slot still gets the green channel",
        "if local > closes:",
        "if local > closes + timedelta(hours=5):",
        (DOMAIN, "tests/server/test_admin_and_appointments.py"),
    ),
    # --- ESC/POS bytes -----------------------------------------------------------------------------------
    Mutation(
        "escpos-size",
        "GS ! swaps width and height: the ticket number prints tall and thin",
        'return GS + b"!" + bytes([(width - 1) << 4 | (height - 1)])',
        'return GS + b"!" + bytes([(height - 1) << 4 | (width - 1)])',
        ("tests/drivers/printer",),
    ),
    Mutation(
        "escpos-chinese",
        "full-width punctuation leaves Chinese mode (prints as garbage)",
        "wide = ord(ch) >= 0x80",
        "wide = ord(ch) >= 0x4E00",
        ("tests/drivers/printer",),
    ),
    Mutation(
        "escpos-cut",
        "a full cut becomes a partial cut",
        '(b"A" if mode == "full" else b"B")',
        '(b"B" if mode == "full" else b"B")',
        ("tests/drivers/printer",),
    ),
)


def source_files() -> list[Path]:
    return [p for package in PACKAGES for p in (ROOT / package).rglob("*.py") if "__pycache__" not in p.parts]


def locate(mutation: Mutation, files: list[Path]) -> tuple[Path, str] | str:
    """The one file holding the snippet, with its text; or why the mutation cannot be applied."""
    hits = [(path, text) for path in files if (text := path.read_text(encoding="utf-8")).count(mutation.find)]
    if len(hits) != 1 or hits[0][1].count(mutation.find) != 1:
        where = ", ".join(f"{p.relative_to(ROOT)}×{t.count(mutation.find)}" for p, t in hits) or "nowhere"
        return f"snippet found {where}, expected exactly once"
    return hits[0]


def run_tests(tests: tuple[str, ...], timeout: float) -> tuple[bool, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JIAOHAO_SQLITE_ONLY": "1"}
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-k", "not postgresql", *tests]
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return True, "timed out (counts as killed: the suite did not pass)"
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    failed = next((line for line in lines if line.startswith(("FAILED", "ERROR"))), lines[-1] if lines else "")
    return proc.returncode != 0, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", default=None, help="mutation ids to run")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per mutation's tests")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if args.only is None or m.id in args.only]
    if args.list:
        for m in chosen:
            print(f"{m.id:22} {m.what}")
        return 0
    files = source_files()
    rows: list[tuple[str, str, float, str]] = []
    for m in chosen:
        found = locate(m, files)
        if isinstance(found, str):
            rows.append((m.id, "STALE", 0.0, found))
            print(f"{m.id:22} STALE     {found}", flush=True)
            continue
        path, original = found
        started = time.monotonic()
        path.write_text(original.replace(m.find, m.replace, 1), encoding="utf-8")
        try:
            killed, detail = run_tests(m.tests, args.timeout)
        finally:
            path.write_text(original, encoding="utf-8")
        verdict = "killed" if killed else "SURVIVED"
        rows.append((m.id, verdict, time.monotonic() - started, detail))
        print(f"{m.id:22} {verdict:9} {time.monotonic() - started:6.1f} s  {detail}", flush=True)
    print()
    print(f"{'mutation':22} {'result':9} {'time':>8}  defect")
    for (mid, verdict, seconds, _), m in zip(rows, chosen, strict=True):
        print(f"{mid:22} {verdict:9} {seconds:6.1f} s  {m.what}")
    killed_count = sum(1 for r in rows if r[1] == "killed")
    print(f"\n{killed_count} of {len(rows)} mutations killed")
    return 0 if killed_count == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
