"""Property tests of the hall's invariants (issue 2 item 2).

Two kinds: a hypothesis state machine drives the in-memory hall of `hall_model` (built only from the domain
functions) through issue / call-next / start / finish / no-show / hold / transfer / cancel with a manual clock
that crosses the 03:00 business-day reset; and direct properties of the call order on generated candidate
lists, chiefly `choose(lane_heads(xs)) == choose(xs)`, which the store's lane queries depend on.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction

from hypothesis import HealthCheck, Phase, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from jiaohao.domain.appointments import Slot, check_in, mask_name, mask_phone
from jiaohao.domain.call_order import Candidate, choose, lane_heads, queue_order, sort_key
from jiaohao.domain.clock import ManualClock
from jiaohao.domain.config import Policy, WindowConfig
from jiaohao.domain.errors import Conflict
from jiaohao.domain.estimate import estimated_wait_min
from jiaohao.domain.numbering import business_day, format_number, is_open
from jiaohao.domain.tickets import AT_WINDOW, Action, Channel, TicketState, next_state
from tests.domain.hall_model import SAMPLE_HALL, CallRecord, Hall

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# 02:40 in Shanghai on 2026-11-27: twenty minutes before the business day turns over.
START = datetime(2026, 11, 26, 18, 40, tzinfo=UTC)
SERVICE_CODES = [s.code for s in SAMPLE_HALL.services]
WINDOW_NUMBERS = [w.number for w in SAMPLE_HALL.windows]
CLOCK_STEPS_MIN = [0, 0, 1, 3, 10, 25, 61, 180, 6 * 60, 24 * 60]


# ==================================================================================== the hall, stateful


def bucket(n: int) -> str:
    return "0" if n == 0 else "1-4" if n < 5 else "5-9" if n < 10 else "10+"


class HallMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.hall = Hall(clock=ManualClock(START))
        self.checked_calls = 0

    # -------------------------------------------------------------------------------------------- rules

    @initialize(
        morning=st.lists(
            st.tuples(st.sampled_from(SERVICE_CODES), st.sampled_from(list(Channel))), min_size=3, max_size=12
        )
    )
    def people_waiting_at_opening(self, morning: list[tuple[str, Channel]]) -> None:
        for service, channel in morning:
            self.issue_one(service, channel)

    @rule(minutes=st.sampled_from(CLOCK_STEPS_MIN))
    def time_passes(self, minutes: int) -> None:
        self.hall.clock.advance(timedelta(minutes=minutes))

    @rule(
        service=st.sampled_from(SERVICE_CODES),
        channel=st.sampled_from([Channel.NORMAL, Channel.NORMAL, Channel.NORMAL, Channel.GREEN, Channel.APPOINTMENT]),
    )
    def issue(self, service: str, channel: Channel) -> None:
        for _ in range(3):  # the kiosk is busier than any one window
            self.issue_one(service, channel)

    def issue_one(self, service: str, channel: Channel) -> None:
        before = len(self.hall.issued)
        ticket = self.hall.issue(service, channel)
        config = SAMPLE_HALL.service(service)
        assert config is not None
        now = self.hall.clock.now()
        if ticket is None:
            code = self.hall.refused[-1][1]
            assert len(self.hall.issued) == before, "a refused issue used up a number"
            if code == "service_closed":
                assert not is_open(config, now, SAMPLE_HALL.policy)
            else:
                assert code == "daily_cap_reached"
                assert config.daily_cap is not None
                assert self.hall.sequences[(service, business_day(now, SAMPLE_HALL.policy))] == config.daily_cap
        else:
            assert ticket.state is TicketState.WAITING
            # Shanghai is UTC+8 and the day turns at 03:00 local, i.e. 19:00 UTC: an independent oracle
            assert ticket.day == (now + timedelta(hours=8 - 3)).date()

    def free_windows(self) -> list[int]:
        return [w for w, ticket_id in self.hall.current.items() if ticket_id is None]

    def busy_windows(self) -> list[int]:
        return [w for w, ticket_id in self.hall.current.items() if ticket_id is not None]

    def parked(self) -> list[int]:
        return [t.id for t in self.hall.tickets.values() if t.state in (TicketState.HELD, TicketState.NO_SHOW)]

    @precondition(lambda self: bool(self.free_windows()))
    @rule(data=st.data())
    def call_next(self, data: st.DataObject) -> None:
        window = data.draw(st.sampled_from(self.free_windows()), label="window")
        ticket = self.hall.call_next(window)
        if ticket is None:
            config = self.hall.window(window)
            now = self.hall.clock.now()
            assert all(sort_key(c, config, now, self.hall.starve_after) is None for c in self.hall.queued()), (
                "call-next found nothing while a ticket this window may call was waiting"
            )
            return
        assert ticket.state is TicketState.CALLED
        self.check_call(self.hall.calls[-1])

    @precondition(lambda self: bool(self.busy_windows()))
    @rule(
        data=st.data(),
        action=st.sampled_from(
            [Action.START, Action.RECALL, Action.FINISH, Action.FINISH, Action.NO_SHOW, Action.HOLD]
        ),
    )
    def act(self, data: st.DataObject, action: Action) -> None:
        window = data.draw(st.sampled_from(self.busy_windows()), label="window")
        ticket_id = self.hall.current[window]
        assert ticket_id is not None
        ticket = self.hall.tickets[ticket_id]
        before = ticket.state
        try:
            self.hall.act(window, action)
        except Conflict as err:
            assert ticket.state is before, "a refused action changed the ticket"
            assert self.hall.current[window] == ticket_id
            assert ticket.number in err.message
            # the only refusals at a window: start / recall / no-show once service has begun
            assert before is TicketState.SERVING
            assert action in (Action.START, Action.RECALL, Action.NO_SHOW)
            return
        expected = {
            Action.START: TicketState.SERVING,
            Action.RECALL: TicketState.CALLED,
            Action.FINISH: TicketState.DONE,
            Action.NO_SHOW: TicketState.NO_SHOW,
            Action.HOLD: TicketState.HELD,
        }[action]
        assert ticket.state is expected

    @precondition(lambda self: bool(self.busy_windows()))
    @rule(data=st.data())
    def finish(self, data: st.DataObject) -> None:
        """Most tickets end like this; a rule of its own so that runs finish enough of them."""
        window = data.draw(st.sampled_from(self.busy_windows()), label="window")
        ticket = self.hall.act(window, Action.FINISH)
        assert ticket.state is TicketState.DONE
        assert self.hall.current[window] is None

    @precondition(lambda self: bool(self.busy_windows()))
    @rule(
        data=st.data(),
        to_service=st.sampled_from([*SERVICE_CODES, None]),
        to_window=st.sampled_from([None, None, *WINDOW_NUMBERS]),
        front=st.booleans(),
    )
    def transfer(self, data: st.DataObject, to_service: str | None, to_window: int | None, front: bool) -> None:
        window = data.draw(st.sampled_from(self.busy_windows()), label="window")
        if to_service is None and to_window is None:
            to_window = window % len(WINDOW_NUMBERS) + 1
        ticket = self.hall.transfer(window, service=to_service, to_window=to_window, front=front)
        assert ticket.state is TicketState.TRANSFERRED
        assert self.hall.current[window] is None

    @precondition(lambda self: bool(self.free_windows()) and bool(self.parked()))
    @rule(data=st.data())
    def call_back_held_or_no_show(self, data: st.DataObject) -> None:
        window = data.draw(st.sampled_from(self.free_windows()), label="window")
        ticket_id = data.draw(st.sampled_from(self.parked()), label="ticket")
        self.hall.call_back(window, ticket_id)
        assert self.hall.tickets[ticket_id].state is TicketState.CALLED

    @precondition(lambda self: bool(self.hall.tickets))
    @rule(data=st.data())
    def cancel_any(self, data: st.DataObject) -> None:
        ticket_id = data.draw(st.sampled_from(sorted(self.hall.tickets)))
        ticket = self.hall.tickets[ticket_id]
        before = ticket.state
        try:
            self.hall.cancel(ticket_id)
        except Conflict:
            assert ticket.state is before
            assert before in (
                TicketState.CALLED,
                TicketState.SERVING,
                TicketState.DONE,
                TicketState.CANCELLED,
            )
            return
        assert before in (TicketState.WAITING, TicketState.TRANSFERRED, TicketState.HELD, TicketState.NO_SHOW)
        assert ticket.state is TicketState.CANCELLED

    @precondition(lambda self: bool(self.hall.finished))
    @rule(data=st.data(), action=st.sampled_from([Action.CALL, Action.START, Action.FINISH]))
    def serve_a_finished_ticket_again(self, data: st.DataObject, action: Action) -> None:
        """Whatever a confused clerk tries, a finished ticket is not served a second time."""
        ticket = self.hall.tickets[data.draw(st.sampled_from(self.hall.finished))]
        words = {Action.CALL: "叫号", Action.START: "开始办理", Action.FINISH: "办结"}[action]
        try:
            next_state(action, ticket.state, ticket.number)
        except Conflict as err:
            assert err.message == f"{ticket.number} 号已办结，不能{words}"
        else:
            raise AssertionError("a finished ticket accepted another action")

    # ------------------------------------------------------------------------------- per-call checks

    def check_call(self, record: CallRecord) -> None:
        """The ticket a window just called is the one DESIGN §3 says it must call."""
        self.checked_calls += 1
        hall = self.hall
        window = hall.window(record.window)
        x = record.chosen
        queue = [c for c in record.queue if c.ticket_id != x.ticket_id]

        def eligible(c: Candidate) -> bool:
            if c.target_window is not None:
                return c.target_window == record.window
            return c.service in window.services

        def normal(c: Candidate) -> bool:
            return c.target_window is None and c.channel is Channel.NORMAL

        def green(c: Candidate) -> bool:
            return c.target_window is None and c.channel is not Channel.NORMAL

        assert eligible(x), "a window called a ticket it does not serve"
        if x.target_window is None:
            assert not any(c.target_window == record.window for c in queue), "skipped a ticket sent to us"
        if normal(x):
            assert not any(green(c) and eligible(c) for c in queue), "normal called before green channel"
            if not hall.is_overdue(x, record.at):
                starving = [c for c in queue if normal(c) and eligible(c) and hall.is_overdue(c, record.at)]
                assert not starving, "a ticket past the starvation limit was passed over"
        # FIFO inside a class: among never-transferred tickets of one service and one class, oldest first.
        if not record.was_transferred and x.target_window is None:
            for c in queue:
                if c.ticket_id in record.untransferred and c.service == x.service and green(c) == green(x):
                    assert (x.issued_at, x.ticket_id) < (c.issued_at, c.ticket_id), "FIFO broken"

    def teardown(self) -> None:
        hall = self.hall
        event(f"calls checked: {bucket(self.checked_calls)}")
        event(f"business days: {len({day for day, _, _ in hall.issued})}")
        event(f"transferred: {bucket(sum(t.transferred for t in hall.tickets.values()))}")
        event(f"finished: {bucket(len(hall.finished))}")
        event(f"refused: {sorted({code for _, code in hall.refused})}")

    # ----------------------------------------------------------------------------------------- invariants

    @invariant()
    def no_number_issued_twice_in_a_business_day(self) -> None:
        keys = [(day, number) for day, number, _ in self.hall.issued]
        assert len(keys) == len(set(keys))

    @invariant()
    def numbers_count_up_from_one_each_business_day(self) -> None:
        by_lane: dict[tuple[str, date], list[str]] = defaultdict(list)
        for day, number, ticket_id in self.hall.issued:
            by_lane[(self.hall.tickets[ticket_id].number[:1], day)].append(number)
        for (prefix, _day), numbers in by_lane.items():
            service = next(s for s in SAMPLE_HALL.services if s.prefix == prefix)
            assert numbers == [format_number(prefix, i, service.number_width) for i in range(1, len(numbers) + 1)]
            if service.daily_cap is not None:
                assert len(numbers) <= service.daily_cap

    @invariant()
    def no_ticket_served_twice(self) -> None:
        assert len(self.hall.finished) == len(set(self.hall.finished))
        done = {t.id for t in self.hall.tickets.values() if t.state is TicketState.DONE}
        assert done == set(self.hall.finished)

    @invariant()
    def every_ticket_in_exactly_one_state(self) -> None:
        counts = Counter(t.state for t in self.hall.tickets.values())
        assert sum(counts.values()) == len(self.hall.tickets)
        assert all(isinstance(t.state, TicketState) for t in self.hall.tickets.values())
        at_windows = [tid for tid in self.hall.current.values() if tid is not None]
        assert len(at_windows) == len(set(at_windows)), "one ticket at two windows"
        at_window_states = {t.id for t in self.hall.tickets.values() if t.state in AT_WINDOW}
        assert at_window_states == set(at_windows)
        queued = {c.ticket_id for c in self.hall.queued()}
        assert not queued & at_window_states

    @invariant()
    def first_calls_follow_issue_order_per_service_and_class(self) -> None:
        lanes: dict[tuple[str, bool], list[tuple[datetime, int]]] = defaultdict(list)
        for record in self.hall.calls:
            c = record.chosen
            if record.first_call and not record.was_transferred:
                lanes[(c.service, c.channel is not Channel.NORMAL)].append((c.issued_at, c.ticket_id))
        for order in lanes.values():
            assert order == sorted(order)


HallMachine.TestCase.settings = settings(
    max_examples=100, stateful_step_count=80, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestHall = HallMachine.TestCase

CHANNELS = st.sampled_from([Channel.NORMAL, Channel.NORMAL, Channel.NORMAL, Channel.GREEN, Channel.APPOINTMENT])
WINDOW_ACTIONS = st.sampled_from([Action.START, Action.RECALL, Action.FINISH, Action.NO_SHOW, Action.HOLD])
# how often each step is taken in a long day; calls and finishes dominate, as in a real hall
STEP_WEIGHTS = {
    "issue": 3,
    "call_next": 4,
    "finish": 3,
    "time_passes": 2,
    "act": 2,
    "transfer": 1,
    "call_back": 1,
    "cancel": 1,
    "serve_again": 1,
}


def invariants(machine: HallMachine) -> None:
    machine.no_number_issued_twice_in_a_business_day()
    machine.numbers_count_up_from_one_each_business_day()
    machine.no_ticket_served_twice()
    machine.every_ticket_in_exactly_one_state()
    machine.first_calls_follow_issue_order_per_service_and_class()


# No shrinking: a long run shrinks for minutes. A failure here is reproduced, shrunk, by TestHall.
@settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data(), length=st.integers(60, 160))
def test_long_days_in_the_hall(data: st.DataObject, length: int) -> None:
    """The state machine's short runs rarely get busy; these runs always do, with the same checks."""
    machine = HallMachine()
    machine.people_waiting_at_opening(
        data.draw(st.lists(st.tuples(st.sampled_from(SERVICE_CODES), CHANNELS), min_size=5, max_size=15))
    )
    steps = [name for name, weight in STEP_WEIGHTS.items() for _ in range(weight)]
    for _ in range(length):
        step = data.draw(st.sampled_from(steps))
        if step == "issue":
            machine.issue(data.draw(st.sampled_from(SERVICE_CODES)), data.draw(CHANNELS))
        elif step == "time_passes":
            machine.time_passes(data.draw(st.sampled_from(CLOCK_STEPS_MIN)))
        elif step == "call_next" and machine.free_windows():
            machine.call_next(data)
        elif step == "finish" and machine.busy_windows():
            machine.finish(data)
        elif step == "act" and machine.busy_windows():
            machine.act(data, data.draw(WINDOW_ACTIONS))
        elif step == "transfer" and machine.busy_windows():
            machine.transfer(
                data,
                data.draw(st.sampled_from([*SERVICE_CODES, None])),
                data.draw(st.sampled_from([None, None, *WINDOW_NUMBERS])),
                data.draw(st.booleans()),
            )
        elif step == "call_back" and machine.free_windows() and machine.parked():
            machine.call_back_held_or_no_show(data)
        elif step == "cancel" and machine.hall.tickets:
            machine.cancel_any(data)
        elif step == "serve_again" and machine.hall.finished:
            machine.serve_a_finished_ticket_again(data, data.draw(st.sampled_from([Action.CALL, Action.FINISH])))
        invariants(machine)
    event(f"long day: calls {bucket(machine.checked_calls)}, finished {bucket(len(machine.hall.finished))}")


# ============================================================================ the call order, generated lists

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
STARVE = timedelta(minutes=60)
SERVICES = ["social", "medical", "property", "tax"]


@st.composite
def windows(draw: st.DrawFn) -> WindowConfig:
    services = draw(st.lists(st.sampled_from(SERVICES), min_size=1, max_size=len(SERVICES), unique=True))
    return WindowConfig(number=draw(st.integers(1, 3)), name="窗口", services=tuple(services))


@st.composite
def candidate_lists(draw: st.DrawFn) -> list[Candidate]:
    """Rich queues: ties in time, transfers to the front and back, tickets sent to a window, overdue ones."""
    size = draw(st.integers(0, 14))
    # some lists are all normal tickets, so that the overdue and per-service lanes decide the winner
    channels = draw(st.sampled_from([[Channel.NORMAL], [Channel.NORMAL] * 4 + [Channel.GREEN, Channel.APPOINTMENT]]))
    services = draw(st.sampled_from([SERVICES[:2], SERVICES]))
    ids = draw(st.permutations(range(1, size + 1)))
    result = []
    for ticket_id in ids:
        issued_min = draw(st.sampled_from([0, 1, 5, 30, 59, 60, 61, 90, 200]) | st.integers(0, 240))
        transferred = draw(st.booleans())
        queued_min = draw(st.integers(0, issued_min)) if transferred else issued_min
        result.append(
            Candidate(
                ticket_id=ticket_id,
                service=draw(st.sampled_from(services)),
                issued_at=NOW - timedelta(minutes=issued_min),
                queued_at=NOW - timedelta(minutes=queued_min),
                front=transferred and draw(st.booleans()),
                channel=draw(st.sampled_from(channels)),
                target_window=draw(st.sampled_from([None, None, None, 1, 2, 3])) if transferred else None,
            )
        )
    return result


@BOUNDED
@given(xs=candidate_lists(), window=windows())
def test_lane_heads_always_contain_the_winner(xs: list[Candidate], window: WindowConfig) -> None:
    heads = lane_heads(xs, window)
    assert choose(heads, window, NOW, STARVE) == choose(xs, window, NOW, STARVE)
    assert len({c.ticket_id for c in heads}) == len(heads)
    assert all(c in xs for c in heads)
    assert all(sort_key(c, window, NOW, STARVE) is not None for c in heads)
    assert len(heads) <= 1 + 3 * len(window.services)


@BOUNDED
@given(xs=candidate_lists(), window=windows(), later_min=st.integers(0, 300))
def test_lane_heads_do_not_depend_on_the_clock(xs: list[Candidate], window: WindowConfig, later_min: int) -> None:
    """The store runs the lane queries without knowing the starvation state; heads must win at any `now`."""
    later = NOW + timedelta(minutes=later_min)
    assert choose(lane_heads(xs, window), window, later, STARVE) == choose(xs, window, later, STARVE)


@BOUNDED
@given(xs=candidate_lists(), window=windows(), data=st.data())
def test_queue_order_starts_with_the_chosen_one_and_ignores_input_order(
    xs: list[Candidate], window: WindowConfig, data: st.DataObject
) -> None:
    order = queue_order(xs, window, NOW, STARVE)
    chosen = choose(xs, window, NOW, STARVE)
    assert (order[0] if order else None) == chosen
    assert {c.ticket_id for c in order} == {c.ticket_id for c in xs if sort_key(c, window, NOW, STARVE)}
    shuffled = data.draw(st.permutations(xs))
    assert queue_order(shuffled, window, NOW, STARVE) == order
    assert choose(shuffled, window, NOW, STARVE) == chosen


@BOUNDED
@given(xs=candidate_lists(), window=windows())
def test_queue_order_respects_the_classes(xs: list[Candidate], window: WindowConfig) -> None:
    order = queue_order(xs, window, NOW, STARVE)

    def rank(c: Candidate) -> int:
        if c.target_window is not None:
            return 0
        if c.channel is not Channel.NORMAL:
            return 1
        return 2 if NOW - c.issued_at > STARVE else 3

    ranks = [rank(c) for c in order]
    assert ranks == sorted(ranks), "targeted, then green, then overdue, then the rest"
    assert all(c.target_window in (None, window.number) for c in order)
    # nothing starves: every overdue normal ticket comes before every normal ticket that is not overdue
    # FIFO: never-transferred normal tickets of one service, not overdue, in issue order
    for service in window.services:
        plain = [
            c for c in order if rank(c) == 3 and c.service == service and not c.front and c.queued_at == c.issued_at
        ]
        assert [(c.issued_at, c.ticket_id) for c in plain] == sorted((c.issued_at, c.ticket_id) for c in plain)
    overdue = [c for c in order if rank(c) == 2]
    assert [(c.issued_at, c.ticket_id) for c in overdue] == sorted((c.issued_at, c.ticket_id) for c in overdue)
    normal_services = [window.services.index(c.service) for c in order if rank(c) == 3]
    assert normal_services == sorted(normal_services), "services in the window's priority order"


# ===================================================================================== numbering and time

SHANGHAI = Policy()


@BOUNDED
@given(minutes=st.integers(0, 3 * 365 * 24 * 60))
def test_business_day_is_the_local_date_shifted_by_the_reset_hour(minutes: int) -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
    local = at + timedelta(hours=8)  # Shanghai is UTC+8 all year
    expected = local.date() if local.hour >= 3 else local.date() - timedelta(days=1)
    assert business_day(at, SHANGHAI) == expected
    assert business_day(at + timedelta(days=1), SHANGHAI) == expected + timedelta(days=1)


@BOUNDED
@given(a=st.integers(0, 10**7), b=st.integers(0, 10**7))
def test_business_day_never_goes_backwards(a: int, b: int) -> None:
    early, late = sorted((a, b))
    base = datetime(2026, 1, 1, tzinfo=UTC)
    assert business_day(base + timedelta(minutes=early), SHANGHAI) <= business_day(
        base + timedelta(minutes=late), SHANGHAI
    )


@BOUNDED
@given(
    prefix=st.sampled_from(["A", "B", "GA"]),
    width=st.integers(1, 6),
    a=st.integers(1, 10**6),
    b=st.integers(1, 10**6),
)
def test_format_number_never_gives_two_sequences_one_number(prefix: str, width: int, a: int, b: int) -> None:
    number = format_number(prefix, a, width)
    assert number.startswith(prefix)
    assert int(number[len(prefix) :]) == a
    assert len(number) == len(prefix) + max(width, len(str(a)))
    assert (number == format_number(prefix, b, width)) == (a == b)


# ============================================================================== estimate, masks, check-in


@BOUNDED
@given(ahead=st.integers(-2, 200), tenths=st.integers(1, 4800), windows_open=st.integers(0, 12))
@example(ahead=25, tenths=22, windows_open=1)  # 25 × 2.2 is 55.00000000000001 in floats
@example(ahead=15, tenths=166, windows_open=3)
def test_estimated_wait_is_the_exact_ceiling(ahead: int, tenths: int, windows_open: int) -> None:
    """With an average of d.d minutes the answer is the ceiling of the exact product, not of its float."""
    expected = max(0, math.ceil(Fraction(ahead) * Fraction(tenths, 10) / max(1, windows_open)))
    assert estimated_wait_min(ahead, tenths / 10, windows_open) == expected


@BOUNDED
@given(ahead=st.integers(0, 100), avg=st.floats(0.1, 480), windows_open=st.integers(1, 12))
def test_estimated_wait_grows_with_the_queue_and_shrinks_with_windows(
    ahead: int, avg: float, windows_open: int
) -> None:
    wait = estimated_wait_min(ahead, avg, windows_open)
    assert estimated_wait_min(ahead + 1, avg, windows_open) >= wait
    assert estimated_wait_min(ahead, avg, windows_open + 1) <= wait


@BOUNDED
@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=15), dashes=st.booleans())
def test_mask_phone_hides_digits_and_keeps_the_length(digits: str, dashes: bool) -> None:
    shown = "-".join(digits[i : i + 4] for i in range(0, len(digits), 4)) if dashes else digits
    masked = mask_phone(shown)
    assert len(masked) == len(digits)
    assert "*" in masked, "the number came back unmasked"
    if len(digits) >= 11:
        assert masked.count("*") >= 4
        assert masked[:3] == digits[:3]
        assert masked[-4:] == digits[-4:]


@BOUNDED
@given(name=st.text(alphabet="张王李赵欧阳娜三四", min_size=1, max_size=6))
def test_mask_name_keeps_only_the_family_character(name: str) -> None:
    masked = mask_name(name)
    assert masked[0] == name[0]
    assert masked[1:] == "*" * (len(name) - 1)


@BOUNDED
@given(
    offset_s=st.integers(-2 * 24 * 3600, 2 * 24 * 3600),
    early=st.integers(0, 60),
    late=st.integers(0, 60),
)
def test_check_in_ok_exactly_inside_the_grace_window(offset_s: int, early: int, late: int) -> None:
    policy = Policy(appointment_early_min=early, appointment_late_min=late)
    slot = Slot(day=date(2026, 11, 26), start=time(14, 0), end=time(14, 30))
    start_utc = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)  # 14:00 Shanghai
    at = start_utc + timedelta(seconds=offset_s)
    opens = start_utc - timedelta(minutes=early)
    closes = start_utc + timedelta(minutes=30 + late)
    result = check_in(slot, used=False, at=at, policy=policy)
    if opens <= at <= closes:
        assert result.value == "ok"
    elif at < opens:
        same_day = (at + timedelta(hours=8)).date() == slot.day
        assert result.value == ("too_early" if same_day else "wrong_day")
    else:
        assert result.value == "too_late"
    assert check_in(slot, used=True, at=at, policy=policy).value == "used"
