"""Replays a recorded morning (tests/fixtures/recorded_morning.csv) at the sample hall and measures how far
the wait each citizen was told lies from the wait they had.

Windows call as the hall does (transferred and green tickets aside): when free, each takes the oldest ticket
of the first service in its priority list that has anyone waiting. Every ticket is told the domain's estimate
at the moment it is issued, from what the server knows then: the staffed windows, the handling times of the
tickets finished so far (the last `estimate_sample` of its service) and the people ahead. The old rule (every
staffed window counted as one, none staffed counted as one) is replayed beside it as the baseline.
"""

from __future__ import annotations

import statistics
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

import pytest

from jiaohao.domain.config import HallConfig
from jiaohao.domain.estimate import (
    CallingWindow,
    HallLoad,
    WaitEstimate,
    average_handle_min,
    estimate_wait,
    estimated_wait_min,
    played_wait,
)
from server.hallfile import load_sample_hall

RECORDING = Path(__file__).parents[1] / "fixtures" / "recorded_morning.csv"
STEP_MIN = 0.05  # the replay's clock ticks every 3 seconds
# How far back the tickets drawn count for each service's arrival rate: half an hour, the span a waiting
# citizen's own wait is of (15 and 60 minutes measured 36 % and 34 % on this morning, 30 minutes 30 %).
ARRIVALS_SPAN_MIN = 30.0


@dataclass
class Told:
    service: str
    issued: float
    handle: float
    estimate: WaitEstimate
    old_rule: int
    played: float  # jiaohao.domain.estimate.played_wait: the hall played forward
    called: float | None = None


def read_recording() -> tuple[dict[int, float], list[tuple[float, str, float]]]:
    logins: dict[int, float] = {}
    tickets: list[tuple[float, str, float]] = []
    for line in RECORDING.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, *fields = line.split(",")
        if kind == "login":
            logins[int(fields[0])] = float(fields[1])
        else:
            tickets.append((float(fields[0]), fields[1], float(fields[2])))
    return logins, tickets


def replay(config: HallConfig) -> list[Told]:
    logins, arrivals = read_recording()
    queues: dict[str, deque[Told]] = defaultdict(deque)
    finished: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=config.policy.estimate_sample))
    busy_until = {w.number: 0.0 for w in config.windows}
    issued_at: deque[tuple[float, str]] = deque()  # (minute, service) of the last ARRIVALS_SPAN_MIN
    serving: dict[int, Told | None] = {w.number: None for w in config.windows}
    told: list[Told] = []
    pending = deque(sorted(arrivals))
    now = 0.0
    while pending or any(queues.values()) or any(serving.values()):
        for number, ticket in serving.items():  # finishes first: their time counts for the next estimate
            if ticket is not None and busy_until[number] <= now:
                finished[ticket.service].append(ticket.handle)
                serving[number] = None
        while pending and pending[0][0] <= now:
            issued, code, handle = pending.popleft()
            service = config.service(code)
            assert service is not None
            windows = config.windows_for(code)
            staffed = [w for w in windows if logins[w.number] <= now]
            history = list(finished[code])
            estimate = estimate_wait(
                len(queues[code]),
                average_handle_min(history, service.avg_handle_min),
                staffed_ranks=[w.services.index(code) for w in staffed],
                planned_ranks=[w.services.index(code) for w in windows],
                samples=len(history),
            )
            old = estimated_wait_min(len(queues[code]), average_handle_min(history, service.avg_handle_min),
                                     max(1, len(staffed)))
            while issued_at and issued_at[0][0] <= now - ARRIVALS_SPAN_MIN:
                issued_at.popleft()
            load = hall_load(config, now, logins, queues, finished, serving, issued_at)
            played = played_wait(code, len(queues[code]), load)
            ticket = Told(code, issued, handle, estimate, old, estimate.minutes if played is None else played)
            queues[code].append(ticket)
            told.append(ticket)
            issued_at.append((issued, code))
        for window in config.windows:
            if logins[window.number] > now or serving[window.number] is not None:
                continue
            code = next((c for c in window.services if queues[c]), None)
            if code is not None:
                ticket = queues[code].popleft()
                ticket.called = now
                serving[window.number] = ticket
                busy_until[window.number] = now + ticket.handle
        now = round(now + STEP_MIN, 6)
    return told


def hall_load(
    config: HallConfig,
    now: float,
    logins: dict[int, float],
    queues: dict[str, deque[Told]],
    finished: dict[str, deque[float]],
    serving: dict[int, Told | None],
    issued_at: deque[tuple[float, str]],
) -> HallLoad:
    """What the server knows at `now`, for played_wait: the staffed windows (all configured ones before any
    clerk serving the service has logged in), a window busy for half an average more (it cannot know how long
    the citizen at the counter takes), the averages, and how many tickets each service drew lately."""
    average = {s.code: average_handle_min(list(finished[s.code]), s.avg_handle_min) for s in config.services}
    windows = [w for w in config.windows if logins[w.number] <= now] or list(config.windows)
    calling = []
    for window in windows:
        current = serving[window.number]
        calling.append(CallingWindow(tuple(window.services), average[current.service] / 2 if current else 0.0))
    span = min(ARRIVALS_SPAN_MIN, max(now, 1.0))
    rates: dict[str, float] = defaultdict(float)
    for _, code in issued_at:
        rates[code] += 1 / span
    return HallLoad({c: len(q) for c, q in queues.items()}, average, calling, rates)


@dataclass(frozen=True)
class Errors:
    median: float
    p90: float
    median_actual: float
    ratio: float  # median |estimated - actual| over the median actual wait
    in_range: float  # share of citizens called within the range they were shown


def errors(told: list[Told], pick: str) -> Errors:
    actual = [t.called - t.issued for t in told if t.called is not None]
    guessed = [float({"new": t.estimate.minutes, "old": t.old_rule, "played": round(t.played)}[pick]) for t in told]
    misses = [abs(g - a) for g, a in zip(guessed, actual, strict=True)]
    within = [t.estimate.low - 1 <= a <= t.estimate.high + 1 for t, a in zip(told, actual, strict=True)]
    median_actual = statistics.median(actual)
    return Errors(
        median=statistics.median(misses),
        p90=statistics.quantiles(misses, n=10)[-1],
        median_actual=median_actual,
        ratio=statistics.median(misses) / median_actual,
        in_range=sum(within) / len(within),
    )


def test_the_wait_told_at_the_kiosk_is_close_to_the_wait_had(capsys: pytest.CaptureFixture[str]) -> None:
    told = replay(load_sample_hall())
    assert len(told) > 100 and all(t.called is not None for t in told)
    new, old, played = errors(told, "new"), errors(told, "old"), errors(told, "played")
    with capsys.disabled():
        print(f"\nrecorded morning, {len(told)} tickets; median actual wait {new.median_actual:.1f} min")
        for name, e in (("estimate", new), ("old rule", old), ("played forward", played)):
            print(f"  {name}: |estimated - actual| median {e.median:.1f} min, p90 {e.p90:.1f} min, "
                  f"median error / median wait {e.ratio:.0%}")
        print(f"  called within the range shown: {new.in_range:.0%}")
    # The issue aims at 30 %; the rule reaches 47 % (the old one 51 %). What is left is mostly priority: a
    # window that lists 证件补办 second calls it only when nobody waits for its first service, which a share
    # by rank cannot know (docs/api.md, "Estimates"). These bounds keep what was won.
    assert new.ratio < 0.5, new
    assert new.median < old.median and new.p90 < old.p90, (new, old)
    assert new.in_range >= 0.45, new
    # Playing the hall forward (played_wait: priority order, people still coming) halves what is left: 30 % of
    # the median wait (the rank rule 47 %), p90 17 min (30). Not yet what the server answers (docs/api.md).
    assert played.ratio <= 0.31 and played.p90 < 0.7 * new.p90, (played, new)
