"""The announcement queue under bursts and recalls: call order, no overlap, nothing cut off, repeats, and
catching up on a burst (a late call is said once without the chime; a repeat gives way to a waiting call)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from drivers.voice import (
    Announcement,
    AnnouncementQueue,
    ComposeError,
    PlayerError,
    RecordingPlayer,
    VoicePack,
    compose,
    render,
)

WAIT = 5.0  # seconds; only ever reached when something is broken


class OverlapCheckingPlayer:
    """Logs start/finish of every play() and fails loudly if two ever run at once."""

    def __init__(self) -> None:
        self.log: list[tuple[str, bytes]] = []
        self.playing = threading.Lock()

    def play(self, wav: bytes) -> None:
        assert self.playing.acquire(blocking=False), "two announcements played at once"
        try:
            self.log.append(("start", wav))
            self.log.append(("finish", wav))
        finally:
            self.playing.release()


class GatedPlayer:
    """Each play() blocks until the test releases it, as a real speaker takes seconds."""

    def __init__(self) -> None:
        self.started = threading.Semaphore(0)
        self.release = threading.Semaphore(0)
        self.played: list[bytes] = []

    def play(self, wav: bytes) -> None:
        self.played.append(wav)
        self.started.release()
        assert self.release.acquire(timeout=WAIT), "test never released the player"


@dataclass
class Listener:
    events: list[tuple[str, str]] = field(default_factory=list)
    errors: list[Exception] = field(default_factory=list)

    def started(self, item: Announcement) -> None:
        self.events.append(("started", item.text))

    def finished(self, item: Announcement) -> None:
        self.events.append(("finished", item.text))

    def failed(self, item: Announcement, error: Exception) -> None:
        self.events.append(("failed", item.text))
        self.errors.append(error)


def expected(pack: VoicePack, number: str, window: int, *, recall: bool = False) -> list[bytes]:
    """What the queue plays for a call that found the speaker free: with the chime, then the words again."""
    clips = compose(number, window, recall=recall)
    return [render(clips, pack, tail_ms=700), render(clips[1:], pack, tail_ms=700)]


def late(pack: VoicePack, number: str, window: int, *, recall: bool = False) -> bytes:
    """What the queue plays for a call that had to wait: the words once, no chime, a shorter breath."""
    return render(compose(number, window, recall=recall)[1:], pack, tail_ms=300)


def test_a_burst_of_ten_catches_up_each_said_once_in_call_order(pack: VoicePack,
                                                               no_leaked_threads: Callable[[], None]) -> None:
    player, listener = GatedPlayer(), Listener()
    with AnnouncementQueue(pack, player, repeat=2) as speaker:
        speaker.add_listener(listener)
        calls = [speaker.call("A001", 2)]
        assert player.started.acquire(timeout=WAIT)  # the first is being spoken while the rest arrive
        calls += [speaker.call(f"A{i:03d}", i % 4 + 1, recall=i == 6) for i in range(2, 11)]
        for _ in range(10):
            player.release.release()
        assert speaker.wait_idle(WAIT)
    no_leaked_threads()
    wanted = [expected(pack, "A001", 2)[0]] + [late(pack, f"A{i:03d}", i % 4 + 1, recall=i == 6)
                                               for i in range(2, 11)]
    assert player.played == wanted, "the first in full but not repeated; the nine late ones once, no chime"
    assert listener.events == [(e, c.text) for c in calls for e in ("started", "finished")]
    assert "重呼" in calls[5].text, "the recall in the burst still sounds, with its marker"


def test_a_call_on_a_free_speaker_is_repeated_and_the_next_one_waits_for_it(pack: VoicePack) -> None:
    player = OverlapCheckingPlayer()
    with AnnouncementQueue(pack, player, repeat=2) as speaker:
        speaker.call("A001", 1)
        assert speaker.wait_idle(WAIT)
        speaker.call("A002", 2)
        assert speaker.wait_idle(WAIT)
    assert [wav for kind, wav in player.log if kind == "start"] == expected(pack, "A001", 1) + expected(
        pack, "A002", 2)
    assert [kind for kind, _ in player.log] == ["start", "finish"] * 4


def test_a_playing_announcement_is_never_cut_off_by_new_calls(pack: VoicePack,
                                                             no_leaked_threads: Callable[[], None]) -> None:
    player = GatedPlayer()
    with AnnouncementQueue(pack, player, repeat=1) as speaker:
        speaker.call("A001", 1)
        assert player.started.acquire(timeout=WAIT)
        speaker.call("A002", 2)
        speaker.call("A001", 1, recall=True)
        # The first is still playing: the others wait, nothing else has started.
        assert len(player.played) == 1 and speaker.pending == 3
        for _ in range(3):
            player.release.release()
        assert speaker.wait_idle(WAIT)
    assert player.played == [expected(pack, "A001", 1)[0], late(pack, "A002", 2), late(pack, "A001", 1, recall=True)]


def test_recall_is_announced_with_its_marker(pack: VoicePack) -> None:
    player = RecordingPlayer()
    with AnnouncementQueue(pack, player, repeat=2) as speaker:
        item = speaker.call("B120", 5, recall=True)
    assert item.clips[:3] == ("chime", "重呼", "<pause>")
    assert player.played == expected(pack, "B120", 5, recall=True)
    assert player.max_concurrent == 1


def test_broken_speaker_is_reported_and_later_calls_still_play(pack: VoicePack) -> None:
    class FailsOnce:
        def __init__(self) -> None:
            self.calls = 0
            self.played: list[bytes] = []

        def play(self, wav: bytes) -> None:
            self.calls += 1
            if self.calls == 1:
                raise PlayerError("no default audio device", "找不到音频设备")
            self.played.append(wav)

    player, listener = FailsOnce(), Listener()
    with AnnouncementQueue(pack, player, repeat=2) as speaker:
        speaker.add_listener(listener)
        speaker.call("A001", 1)
        assert speaker.wait_idle(WAIT)
        speaker.call("A002", 2)
    assert [e for e, _ in listener.events] == ["started", "failed", "started", "finished"]
    assert isinstance(listener.errors[0], PlayerError)
    assert player.played == expected(pack, "A002", 2)  # the failed call's second repeat is skipped


def test_close_without_drain_drops_waiting_calls_but_finishes_the_current_one(pack: VoicePack) -> None:
    player = GatedPlayer()
    speaker = AnnouncementQueue(pack, player, repeat=1).start()
    speaker.call("A001", 1)
    assert player.started.acquire(timeout=WAIT)
    speaker.call("A002", 2)
    closer = threading.Thread(target=speaker.close, kwargs={"drain": False, "timeout": WAIT})
    closer.start()
    player.release.release()
    closer.join(WAIT)
    assert not closer.is_alive()
    assert len(player.played) == 1 and speaker.pending == 0
    with pytest.raises(RuntimeError, match="closed"):
        speaker.call("A003", 3)


def test_bad_calls_fail_in_the_callers_thread(pack: VoicePack) -> None:
    with AnnouncementQueue(pack, RecordingPlayer()) as speaker:
        with pytest.raises(ComposeError):
            speaker.call("A-1", 1)
        assert speaker.pending == 0


def test_english_queue(pack: VoicePack) -> None:
    player = RecordingPlayer()
    with AnnouncementQueue(pack, player, lang="en", repeat=1) as speaker:
        assert speaker.call("A001", 3).text == "Number A001, please go to window 3"
    assert len(player.played) == 1
