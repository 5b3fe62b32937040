"""DisplayModel and CallAnnouncer without a server or a screen: calls from events and from snapshots, the
highlight's timing by an injected clock, and which calls are spoken (live, young, never twice)."""

from __future__ import annotations

from datetime import timedelta

from client.state import HallMirror
from display.announcer import CallAnnouncer
from display.model import DisplayModel, ShownCall
from jiaohao.domain.clock import ManualClock
from tests.display.display_support import MORNING, called, sample_hall, snapshot


def rig(window: int | None = None) -> tuple[HallMirror, DisplayModel, ManualClock, list[ShownCall]]:
    clock = ManualClock(MORNING)
    state = HallMirror()
    model = DisplayModel(state, clock, window=window, highlight_s=8)
    said: list[ShownCall] = []
    CallAnnouncer(model, said.append, max_age_s=60)
    return state, model, clock, said


def test_first_snapshot_lists_current_calls_without_speaking_or_highlighting_them() -> None:
    state, model, _clock, said = rig()
    state.apply_snapshot(snapshot(sample_hall()))
    assert {c.number for c in model.calls} == {"B006", "A019", "C004"}  # windows with serving_state "called"
    assert said == [] and not model.highlighted()


def test_live_calls_are_shown_highlighted_briefly_and_spoken_once_recalls_again() -> None:
    state, model, clock, said = rig()
    state.apply_snapshot(snapshot(sample_hall(seq=100)))
    state.apply_event(called(101, "A020", 1, MORNING))
    assert model.newest is not None and model.newest.number == "A020"
    assert model.highlighted()
    clock.advance(timedelta(seconds=8))
    assert not model.highlighted()
    state.apply_event(called(101, "A020", 1, MORNING))  # a replayed duplicate: HallMirror drops it
    state.apply_event(called(102, "A020", 1, MORNING, recall=1))
    assert [(c.number, c.recall) for c in said] == [("A020", 0), ("A020", 1)]
    assert model.recent_calls(3)[0].number == "A020"


def test_calls_replayed_after_a_gap_are_spoken_only_when_younger_than_a_minute() -> None:
    state, model, clock, said = rig()
    state.apply_snapshot(snapshot(sample_hall(seq=100)))
    clock.advance(timedelta(minutes=3))  # the display was away; the replay arrives now
    state.apply_event(called(101, "A020", 1, MORNING + timedelta(seconds=30)))  # 2.5 min old
    state.apply_event(called(102, "A021", 4, MORNING + timedelta(minutes=2, seconds=10)))  # 50 s old
    assert [c.number for c in model.calls][:2] == ["A021", "A020"]
    assert [c.number for c in said] == ["A021"]


def test_a_snapshot_after_a_long_gap_shows_missed_calls_but_speaks_them_only_if_the_gap_was_short() -> None:
    state, model, clock, said = rig()
    hall = sample_hall(seq=100)
    state.apply_snapshot(snapshot(hall))
    # A short outage (20 s): any call missed is at most 20 s old, so it is spoken.
    clock.advance(timedelta(seconds=20))
    short = sample_hall(seq=300, now=MORNING + timedelta(seconds=20))
    short.windows[0].serving, short.windows[0].serving_state = "A030", "called"
    state.apply_snapshot(snapshot(short))
    assert [c.number for c in said] == ["A030"]
    # A long one (5 min): the missed call is listed, not spoken.
    clock.advance(timedelta(minutes=5))
    long = sample_hall(seq=900, now=MORNING + timedelta(minutes=5, seconds=20))
    long.windows[0].serving, long.windows[0].serving_state = "A031", "called"
    state.apply_snapshot(snapshot(long))
    assert model.newest is not None and model.newest.number == "A031"
    assert [c.number for c in said] == ["A030"]
    # The same hall again (a reconnect with nothing new): nothing listed twice, nothing said.
    state.apply_snapshot(snapshot(long.model_copy(update={"seq": 901})))
    assert [c.number for c in model.calls].count("A031") == 1 and len(said) == 1


def test_window_mode_keeps_only_its_own_calls() -> None:
    state, model, _clock, said = rig(window=4)
    state.apply_snapshot(snapshot(sample_hall(seq=100)))
    state.apply_event(called(101, "A020", 1, MORNING))
    state.apply_event(called(102, "A021", 4, MORNING))
    assert [c.number for c in model.calls] == ["A021"] and [c.number for c in said] == ["A021"]
    window = model.window()
    assert window is not None and window.staff_name == "刘洋"


def test_the_clock_on_screen_follows_the_given_zone() -> None:
    from zoneinfo import ZoneInfo

    model = DisplayModel(HallMirror(), ManualClock(MORNING), tz=ZoneInfo("Asia/Shanghai"))
    assert model.local_now().hour == 10


def test_a_call_worked_out_from_a_snapshot_is_as_old_as_the_windows_called_at() -> None:
    """With `WindowOut.called_at` the age of a missed call is known, not bounded by the gap."""
    state, model, clock, said = rig()
    state.apply_snapshot(snapshot(sample_hall(seq=100)))
    # A long outage (5 min), but the call was made 10 s before the screen came back: it is still spoken.
    clock.advance(timedelta(minutes=5))
    back = MORNING + timedelta(minutes=5)
    hall = sample_hall(seq=900, now=back)
    hall.windows[0].serving, hall.windows[0].serving_state = "A030", "called"
    hall.windows[0].called_at = back - timedelta(seconds=10)
    state.apply_snapshot(snapshot(hall))
    assert model.newest is not None and model.newest.at == back - timedelta(seconds=10)
    assert [c.number for c in said] == ["A030"]
    # A short outage (20 s), but the window's call is 3 minutes old (made before the gap, missed by the
    # screen): shown, not spoken.
    clock.advance(timedelta(seconds=20))
    later = sample_hall(seq=1200, now=back + timedelta(seconds=20))
    later.windows[3].serving, later.windows[3].serving_state = "A031", "called"
    later.windows[3].called_at = back - timedelta(minutes=3)
    state.apply_snapshot(snapshot(later))
    assert model.newest is not None and model.newest.number == "A031"
    assert [c.number for c in said] == ["A030"]
