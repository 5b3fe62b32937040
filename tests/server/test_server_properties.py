"""The real server, property-tested: hypothesis drives a hall through the HTTP API the front-ends use (issue,
call-next, call a number, recall, start, finish, no-show, hold, transfer, pause/resume, login/logout, time
passing, the day's turn, restarts, and `kill -9` of a real process), and checks:

- call-next took what the domain's `choose` picks over *everything* queued (the model's queue, built from the
  API's own answers and the hall file, never from the server's memory);
- after every step, `GET /hall` counts and shows what the model does; each number is the next one of its
  service and day, also after a restart or a kill; a window's waiting list (`GET /windows/{n}/queue`, when a
  clerk looks) is the call order;
- the event log (`WS /events?since=`) goes on gapless through restarts and kills (read when a screen catches
  up, after every restart, and at the end of each run);
- after the day's turn, yesterday's unfinished tickets read "cancelled" on the phone page.

Each step is "something happens in the hall", drawn from a weighted list (a hall sees more presses of 下一位
than logins), so that a few examples reach deep queues: overdue tickets, transfers, green channel, restarts.
In-process (uvicorn on a thread) for speed; as a real process for SIGINT restarts and SIGKILL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, ClassVar

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from jiaohao.domain.call_order import sort_key
from tests.support.hall import MORNING
from tests.support.hall_driver import API, HallDriver, InProcessDriver, ProcessDriver
from tests.support.queue_model import HallModel, Refusal, Ticket

DEVICES = [("kiosk", "kiosk", []), ("caller", "hub", [1, 2, 3, 4])]
# Sessions outlive the days the machine walks through; the whole log replays (the machine reads it in steps).
POLICY = {"staff_token_hours": "1000", "snapshot_after_events": "100000"}
STAFF = {1: ("1001", "1111"), 2: ("1002", "2222"), 3: ("1003", "3333"), 4: ("1001", "1111")}
SERVICES = ["SVC_A", "SVC_B", "SVC_C"]
WINDOWS = [1, 2, 3, 4]
MINUTES = [1, 2, 4, 6, 15]  # the test hall starves a ticket after 5 minutes: steps on both sides of that
LANES = {0: "transferred to the window", 1: "green channel", 2: "overdue", 3: "service order"}
EVENT_TYPES = {
    "ticket.issued", "ticket.called", "ticket.serving", "ticket.finished", "ticket.no_show", "ticket.held",
    "ticket.transferred", "window.updated", "hall.counts", "rating.requested", "rating.recorded", "case.opened",
    "case.updated", "case.overdue", "device.status", "notice", "day.started",
}  # fmt: skip
# What happens in the hall, by how often it happens (each name is a method `_<name>`).
MOMENTS = {
    "call_next": 6, "citizens_come": 5, "finish": 3, "transfer": 3, "time_passes": 3, "no_show": 1, "hold": 1,
    "start": 1, "recall": 1, "call_a_number": 2, "pause": 1, "resume": 1, "log_out": 1, "log_in": 1,
    "look_at_the_queue": 2, "read_the_events": 1, "the_day_turns": 1, "restart": 1,
}  # fmt: skip


def weighted(moments: dict[str, int]) -> list[str]:
    return [name for name, times in moments.items() for _ in range(times)]


class HallMachine(RuleBasedStateMachine):
    driver_type: ClassVar[type[HallDriver]]
    moments: ClassVar[list[str]] = weighted(MOMENTS)

    def __init__(self) -> None:
        super().__init__()
        self.driver = self.driver_type(DEVICES, MORNING, POLICY)
        self.model = HallModel(self.driver.hall_file.config, MORNING)
        self.seq = self.last_seq = self._hall()["seq"]  # events checked up to; events the server has
        self.holders = 0

    def teardown(self) -> None:
        try:
            self._read_the_events()
        finally:
            self.driver.close()

    # --- the steps -----------------------------------------------------------------------------------------------

    @initialize(people=st.lists(st.tuples(st.sampled_from(SERVICES), st.booleans()), min_size=4, max_size=12))
    def the_hall_opens(self, people: list[tuple[str, bool]]) -> None:
        """Clerks log in at windows 1 to 3 (window 4 stays closed for now); citizens are waiting already."""
        for window in (1, 2, 3):
            self.log_in(window)
        for service, green in people:
            self.issue(service, green, same_person=False)

    @rule(data=st.data())
    def something_happens(self, data: st.DataObject) -> None:
        what = data.draw(st.sampled_from(self.moments), label="what happens")
        step: Callable[[st.DataObject], None] = getattr(self, f"_{what}")
        step(data)

    @invariant()
    def the_hall_is_what_the_model_says(self) -> None:
        hall = self._hall()
        for service in hall["services"]:
            code = service["code"]
            assert (service["waiting"], service["issued_today"]) == (
                self.model.waiting(code),
                self.model.issued_today(code),
            ), f"{code}: server {service}, model waiting {self.model.waiting(code)}"
        for window in hall["windows"]:
            state = self.model.windows[window["number"]]
            current = self.model.current(window["number"])
            assert (window["status"], window["staff_no"], window["serving"], window["serving_state"]) == (
                state.status,
                state.staff_no,
                current.number if current else None,
                current.state if current else None,
            ), f"window {window['number']}: {window}"
        self.last_seq = hall["seq"]

    # --- talking to the server -----------------------------------------------------------------------------------

    def _hall(self) -> dict[str, Any]:
        r = self.driver.http.get(f"{API}/hall")
        assert r.status_code == 200, r.text
        data: dict[str, Any] = r.json()
        return data

    def _post(self, path: str, headers: dict[str, str], body: dict[str, Any] | None = None) -> Any:
        return self.driver.http.post(f"{API}{path}", json=body, headers=headers)

    def _staff(self, window: int) -> dict[str, str]:
        token = self.model.windows[window].token
        assert token is not None
        return {"Authorization": f"Bearer {token}"}

    def _expect(self, response: Any, refusals: set[Refusal], ok: int = 200) -> bool:
        """True when the server did the thing; when the model refuses, the server must refuse the same way."""
        if refusals:
            got = (response.status_code, response.json()["error"]["code"]) if response.status_code >= 400 else None
            assert got in refusals, f"expected one of {refusals}, got {response.status_code} {response.text}"
            return False
        assert response.status_code == ok, response.text
        return True

    def _check_answer(self, answer: dict[str, Any], window: int, ticket: Ticket) -> None:
        """A window action's answer: the ticket acted on, and the window as it is now."""
        assert (answer["ticket"]["id"], answer["ticket"]["state"]) == (ticket.id, ticket.state), answer
        assert answer["ticket"]["recall"] == ticket.recall, answer
        current = self.model.current(window)
        assert answer["window"]["serving"] == (current.number if current else None), answer

    def _window(self, data: st.DataObject, *, serving: bool = False) -> int | None:
        """A window whose clerk is logged in (None when nobody is); with `serving`, mostly one with a ticket at
        it: a clerk presses 办结 or 转移 when someone stands at the counter, and now and then by mistake."""
        logged_in = [w.number for w in self.model.windows.values() if w.token is not None]
        busy = [n for n in logged_in if self.model.current(n) is not None]
        if serving and busy and data.draw(st.integers(0, 4), label="someone at the counter") > 0:
            logged_in = busy
        return data.draw(st.sampled_from(logged_in), label="window") if logged_in else None

    # --- citizens ----------------------------------------------------------------------------------------------

    def _citizens_come(self, data: st.DataObject) -> None:
        people = st.lists(st.tuples(st.sampled_from(SERVICES), st.booleans(), st.booleans()), min_size=1, max_size=4)
        for service, green, same_person in data.draw(people, label="citizens (service, green, again)"):
            self.issue(service, green, same_person)

    def issue(self, service: str, green: bool, same_person: bool) -> None:
        holder: str | None = None
        if service == "SVC_B":  # one ticket per person: a new citizen, or one who already holds a ticket
            holding = [t.holder for t in self.model.today() if t.origin == "SVC_B" and t.state == "waiting"]
            if same_person and holding:
                holder = holding[0]
            else:
                self.holders += 1
                holder = f"1380000{self.holders:04d}"
        body: dict[str, Any] = {"service": service, "channel": "green" if green else "normal"}
        if holder is not None:
            body["holder_id"] = holder
        refusals = self.model.issue_refusals(service, green, holder)
        expected_number = self.model.expected_number(service)
        expected_ahead = self.model.ahead_of_new(service, green)
        r = self._post("/tickets", self.driver.headers("kiosk"), body)
        if not self._expect(r, refusals, ok=201):
            event(f"issue refused: {min(refusals)[1]}")
            return
        answer = r.json()
        assert answer["number"] == expected_number, "numbers must be dense per service and day"
        assert answer["waiting_ahead"] == expected_ahead, answer
        ticket = self.model.add_issued(answer, holder)
        assert datetime.fromisoformat(answer["issued_at"]) == ticket.issued_at, answer

    # --- a clerk at a window ---------------------------------------------------------------------------------

    def _call_next(self, data: st.DataObject) -> None:
        window = self._window(data)
        if window is None:
            return
        refusals = self.model.call_next_refusals(window)
        expected = None if refusals else self.model.next_for(window)
        r = self._post(f"/windows/{window}/call-next", self._staff(window))
        if refusals:
            self._expect(r, refusals)
            return
        if expected is None:
            assert r.status_code == 204, f"call-next found {r.text} where the model has nobody for window {window}"
            self.model.finish_current(window)
            return
        assert r.status_code == 200, r.text
        got = r.json()["ticket"]
        assert got["id"] == expected.id, (
            f"window {window} called {got['number']}, the call order says {expected.number}"
        )
        lane = sort_key(expected.candidate(), self.model.window_config(window), self.model.now, self.model.starve_after)
        assert lane is not None
        event(f"call-next took: {LANES[lane[0]]}")
        self.model.called(window, expected)
        self._check_answer(r.json(), window, expected)

    def _call_a_number(self, data: st.DataObject) -> None:
        window = self._window(data)
        today = sorted(t.number for t in self.model.today())
        if window is None or not today:
            return
        number = data.draw(st.sampled_from(today), label="number")
        refusals = self.model.call_number_refusals(window, number)
        r = self._post(f"/windows/{window}/call", self._staff(window), {"number": number})
        if self._expect(r, refusals):
            ticket = self.model.by_number(number)
            assert ticket is not None
            self.model.called(window, ticket)
            self._check_answer(r.json(), window, ticket)

    def _act(self, data: st.DataObject, action: str) -> None:
        window = self._window(data, serving=True)
        if window is None:
            return
        refusals = self.model.act_refusals(window, action)
        r = self._post(f"/windows/{window}/{action}", self._staff(window))
        event(f"{action} {'refused' if refusals else 'done'}")
        if self._expect(r, refusals):
            self._check_answer(r.json(), window, self.model.act(window, action))

    def _finish(self, data: st.DataObject) -> None:
        self._act(data, "finish")

    def _no_show(self, data: st.DataObject) -> None:
        self._act(data, "no-show")

    def _hold(self, data: st.DataObject) -> None:
        self._act(data, "hold")

    def _start(self, data: st.DataObject) -> None:
        self._act(data, "start")

    def _recall(self, data: st.DataObject) -> None:
        self._act(data, "recall")

    def _transfer(self, data: st.DataObject) -> None:
        window = self._window(data, serving=True)
        if window is None:
            return
        service = data.draw(st.sampled_from([None, None, *SERVICES]), label="to service")
        to_window = data.draw(st.sampled_from([None, None, None, *WINDOWS]), label="to window")
        front = data.draw(st.booleans(), label="to the front")
        refusals = self.model.transfer_refusals(window, service, to_window)
        body = {"service": service, "window": to_window, "position": "front" if front else "back"}
        r = self._post(f"/windows/{window}/transfer", self._staff(window), body)
        event("transfer refused" if refusals else f"transfer to {'a window' if to_window else 'a service'}")
        if self._expect(r, refusals):
            self._check_answer(r.json(), window, self.model.transfer(window, service, to_window, front))

    def _pause(self, data: st.DataObject, pause: bool = True) -> None:
        window = self._window(data)
        if window is None:
            return
        refusals = self.model.status_refusals(window, pause)
        body = {"reason": "午间休息"} if pause else None
        r = self._post(f"/windows/{window}/{'pause' if pause else 'resume'}", self._staff(window), body)
        if self._expect(r, refusals):
            self.model.windows[window].status = "paused" if pause else "open"
            assert r.json()["status"] == self.model.windows[window].status

    def _resume(self, data: st.DataObject) -> None:
        self._pause(data, pause=False)

    def _log_out(self, data: st.DataObject) -> None:
        window = self._window(data)
        if window is None:
            return
        r = self._post("/auth/logout", self._staff(window))
        assert r.status_code == 204, r.text
        state = self.model.windows[window]
        state.token, state.staff_no, state.status = None, None, "closed"

    def _log_in(self, data: st.DataObject) -> None:
        self.log_in(data.draw(st.sampled_from(WINDOWS), label="window"))

    def log_in(self, window: int) -> None:
        no, pin = STAFF[window]
        r = self.driver.http.post(f"{API}/auth/login", json={"staff_no": no, "pin": pin, "window": window})
        assert r.status_code == 200, r.text
        state = self.model.windows[window]
        state.token, state.staff_no = r.json()["token"], no
        if state.status == "closed":
            state.status = "open"

    # --- looking -----------------------------------------------------------------------------------------------

    def _look_at_the_queue(self, data: st.DataObject) -> None:
        """`GET /windows/{n}/queue`: the call order, then the window's held and no-show tickets."""
        window = data.draw(st.sampled_from(WINDOWS), label="window")
        r = self.driver.http.get(f"{API}/windows/{window}/queue", headers=self.driver.headers("hub"))
        assert r.status_code == 200, r.text
        ids = [entry["id"] for entry in r.json()]
        queued = self.model.queue_of(window)
        assert ids[: len(queued)] == queued, f"window {window}: server order {ids}, call order {queued}"
        back = ids[len(queued) :]
        assert set(back) == self.model.back_at(window) and len(back) == len(set(back)), (
            f"window {window}: held/no-show {back}, model {self.model.back_at(window)}"
        )

    def _read_the_events(self, data: st.DataObject | None = None) -> None:
        """Every event since the last read, gapless and inside the contract, as a screen catching up reads it."""
        events = self.driver.events_since(self.seq, self.last_seq)
        assert [e["seq"] for e in events] == list(range(self.seq + 1, self.last_seq + 1)), "a gap in the event log"
        unknown = {e["type"] for e in events} - EVENT_TYPES
        assert not unknown, f"events outside the contract: {unknown}"
        self.seq = self.last_seq

    # --- time and the server itself -------------------------------------------------------------------------------

    def _time_passes(self, data: st.DataObject) -> None:
        minutes = data.draw(st.sampled_from(MINUTES), label="minutes")
        self.model.now = self.driver.set_clock(self.model.now + timedelta(minutes=minutes))

    def _the_day_turns(self, data: st.DataObject) -> None:
        self.model.now = self.driver.set_clock(self.model.now + timedelta(days=1))
        cancelled = self.model.turn_day()
        event("the day turned with tickets to cancel" if cancelled else "the day turned on an empty hall")
        for ticket in cancelled[:5]:  # what the citizen's phone page says about yesterday's ticket
            r = self.driver.http.get(f"{API}/tickets/{ticket.id}", params={"track": ticket.track})
            assert r.status_code == 200, r.text
            assert r.json()["state"] == "cancelled", f"{ticket.number} of yesterday still reads {r.json()['state']}"

    def _restart(self, data: st.DataObject) -> None:
        self.driver.restart()
        self._after_restart()

    def _after_restart(self) -> None:
        self.the_hall_is_what_the_model_says()
        self._read_the_events()  # the log goes on where it stopped


class InProcessHall(HallMachine):
    driver_type = InProcessDriver


class ProcessHall(HallMachine):
    """Starting a process costs seconds: restarts and kills come often, looking around less."""

    driver_type = ProcessDriver
    driver: ProcessDriver
    moments = weighted(
        {"call_next": 3, "citizens_come": 3, "finish": 1, "transfer": 1, "time_passes": 2, "the_day_turns": 1}
        | {"restart": 1, "kill_9": 2}
    )

    def _kill_9(self, data: st.DataObject) -> None:
        self.driver.kill9()
        self._after_restart()


TestInProcessHall = InProcessHall.TestCase
TestInProcessHall.settings = settings(
    max_examples=6, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestProcessHall = ProcessHall.TestCase
TestProcessHall.settings = settings(
    max_examples=2, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
