"""PadModel: what the rating pad at one window shows and what the citizen has chosen. Plain Python, no Qt.

Stages: IDLE (the window and its clerk) → ASKING (five choices, none preselected) → for 1–2 REASONS
(at least one reason, optional preset phrases) → SENDING → THANKS, or REFUSED with the server's sentence.
Every stage but IDLE falls back to IDLE after a quiet while, read from an injected clock, so a citizen who
walks away leaves the pad clean for the next one, and no test waits on the wall clock.

The model never does I/O: it hands a finished `Rating` to the `submit` callable it was given and is told the
outcome (`delivered`, `kept`, `refused`).
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Literal

from jiaohao.domain.rating import LEVELS, is_bad
from jiaohao.wire.events import RatingRequested

__all__ = [
    "COMMENT_PHRASES",
    "DEFAULT_REASONS",
    "PadModel",
    "Rating",
    "RatingRequest",
    "StaffCard",
    "Stage",
    "Timeouts",
]

log = logging.getLogger(__name__)

# The national list (DESIGN §3); used only when a rating.requested event does not carry the hall's own list.
DEFAULT_REASONS = ("服务态度", "办事效率", "业务水平", "一次性告知不到位", "环境设施", "其他")
# Tapping a phrase is kinder on a wall-mounted tablet than typing Chinese on an on-screen keyboard, and keeps
# free text (names, phone numbers) out of a record that is reported upwards.
COMMENT_PHRASES = ("等候时间太长", "材料没有一次讲清楚", "需要再跑一趟", "解释听不明白", "希望增加自助办理")


class Stage(enum.Enum):
    IDLE = "idle"
    ASKING = "asking"
    REASONS = "reasons"
    SENDING = "sending"
    THANKS = "thanks"
    REFUSED = "refused"


@dataclass(frozen=True)
class Timeouts:
    """Seconds of quiet after which a stage gives way to IDLE."""

    asking: float = 90.0
    reasons: float = 60.0
    sending: float = 30.0  # the API times out before this; a safety net, never the normal path
    thanks: float = 6.0
    refused: float = 8.0

    def of(self, stage: Stage) -> float | None:
        return None if stage is Stage.IDLE else float(getattr(self, stage.value))


@dataclass(frozen=True)
class StaffCard:
    """Who serves at this window, as the idle screen shows it."""

    window: int
    window_name: str
    staff_no: str | None = None
    staff_name: str | None = None
    staff_title: str | None = None
    open: bool = True
    photo: str | None = None  # WindowOut.staff_photo: the server's path of the clerk's photo

    @property
    def initial(self) -> str:
        """The avatar placeholder's character: the surname, which is how a citizen addresses the clerk."""
        return (self.staff_name or "").strip()[:1] or "窗"


@dataclass(frozen=True)
class RatingRequest:
    """One `rating.requested` event for this window."""

    ticket_id: int
    number: str
    service: str
    service_name: str
    staff_no: str | None = None
    reasons: tuple[str, ...] = DEFAULT_REASONS

    @classmethod
    def from_event(cls, data: RatingRequested, service_names: Mapping[str, str]) -> RatingRequest:
        """The server sends `service_name` and the hall's `reasons` with every request; the hall's service
        names and the national list stand in for an older server's 办结 event, which had neither."""
        return cls(
            ticket_id=data.ticket_id,
            number=data.number,
            service=data.service,
            service_name=data.service_name or service_names.get(data.service, data.service),
            staff_no=data.staff_no,
            reasons=tuple(data.reasons) if data.reasons else DEFAULT_REASONS,
        )


RatingSource = Literal["pad", "evaluator"]


@dataclass(frozen=True)
class Rating:
    """What goes to `POST /ratings`. `made_at`: wall-clock seconds of the press, sent as `rated_at` so that a
    rating kept while offline counts when the citizen pressed (0: unknown, the server takes its own now).
    `source="evaluator"`: a serial evaluator's key, whose 差评 carries no reason (it cannot ask)."""

    ticket_id: int
    number: str
    level: int
    reasons: tuple[str, ...] = ()
    comment: str | None = None
    made_at: float = field(default=0.0, compare=False)
    source: RatingSource = "pad"

    @property
    def rated_at(self) -> datetime | None:
        return datetime.fromtimestamp(self.made_at, UTC) if self.made_at > 0 else None


Listener = Callable[["PadModel"], Any]


class PadModel:
    def __init__(
        self,
        window: int,
        submit: Callable[[Rating], Any],
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        timeouts: Timeouts | None = None,
    ) -> None:
        self.window = window
        self.staff = StaffCard(window, f"{window}号窗口")
        self.stage = Stage.IDLE
        self.request: RatingRequest | None = None
        # Kept after the screen goes idle: a serial evaluator rates "the last service here" for as long as
        # the server allows, which may be longer than the touch screen keeps asking.
        self.last_request: RatingRequest | None = None
        self.level: int | None = None
        self.reasons: frozenset[str] = frozenset()
        self.phrases: tuple[str, ...] = ()
        self.message = ""  # the server's sentence on REFUSED
        self.kept_offline = False  # THANKS for a rating waiting on this device for the server
        self.online = True
        self._submit = submit
        self._clock = clock
        self._wall_clock = wall_clock
        self.timeouts = timeouts or Timeouts()
        self._touched = clock()
        self._rated: set[int] = set()  # tickets rated from this device: a stray evaluator press is not a second
        self._listeners: list[Listener] = []

    # --- observation ------------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener(self)

    @property
    def level_words(self) -> str:
        return LEVELS.get(self.level or 0, "")

    @property
    def can_submit_reasons(self) -> bool:
        return self.stage is Stage.REASONS and bool(self.reasons)

    # --- from the server --------------------------------------------------------------------------------

    def set_staff(self, staff: StaffCard) -> None:
        if staff != self.staff:
            self.staff = staff
            self._changed()

    def set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self._changed()

    def requested(self, request: RatingRequest) -> None:
        """A service at this window ended (or the clerk asked again): ask the citizen, with nothing chosen.

        A request for another ticket replaces whatever is on screen: the previous citizen has left the
        counter. The same ticket asked again keeps a rating in progress rather than wiping the citizen's taps.
        """
        if request.ticket_id in self._rated:
            log.info("pad %d: %s already rated here; request ignored", self.window, request.number)
            return
        same_ticket = self.request is not None and self.request.ticket_id == request.ticket_id
        if same_ticket and self.stage in (Stage.ASKING, Stage.REASONS, Stage.SENDING):
            self._touch()
            return
        self._reset(request)
        self.last_request = request
        self.stage = Stage.ASKING
        self._touch()
        self._changed()

    # --- from the citizen -------------------------------------------------------------------------------

    def choose(self, level: int) -> None:
        if level not in LEVELS:
            raise ValueError(f"no rating level {level}")
        if self.stage not in (Stage.ASKING, Stage.REASONS) or self.request is None:
            return
        self.level = level
        self._touch()
        if is_bad(level):
            self.stage = Stage.REASONS
            self._changed()
        else:
            self._send(())

    def toggle_reason(self, reason: str) -> None:
        if self.stage is not Stage.REASONS or self.request is None or reason not in self.request.reasons:
            return
        self.reasons = self.reasons ^ {reason}
        self._touch()
        self._changed()

    def toggle_phrase(self, phrase: str) -> None:
        if self.stage is not Stage.REASONS or phrase not in COMMENT_PHRASES:
            return
        self.phrases = (
            tuple(p for p in self.phrases if p != phrase)
            if phrase in self.phrases
            else (
                *self.phrases,
                phrase,
            )
        )
        self._touch()
        self._changed()

    def back(self) -> None:
        """From the reasons back to the five faces, the choice undone: nothing is sent until confirmed."""
        if self.stage is Stage.REASONS:
            self.level, self.reasons, self.phrases = None, frozenset(), ()
            self.stage = Stage.ASKING
            self._touch()
            self._changed()

    def confirm_reasons(self) -> None:
        if not self.can_submit_reasons or self.request is None:
            return
        ordered = tuple(r for r in self.request.reasons if r in self.reasons)
        self._send(ordered, "；".join(self.phrases) or None)

    def skip(self) -> None:
        """暂不评价: rating is voluntary; the pad goes quiet and the server records the service as unrated."""
        if self.stage in (Stage.ASKING, Stage.REASONS):
            self._go_idle()

    def dismiss(self) -> None:
        """好的 on the thank-you or refusal screen: back to the clerk's card at once."""
        if self.stage in (Stage.THANKS, Stage.REFUSED):
            self._go_idle()

    def evaluator_pressed(self, level: int) -> bool:
        """A serial evaluator's key: a complete rating by itself for the last requested ticket.

        The device has no screen to ask why: a 差评 is sent as the evaluator's, with no reason (the server
        takes it so and still opens a case), never with one made up for the citizen. False when there is
        nothing to rate (no request yet, or already rated from here)."""
        request = self.request or self.last_request
        if request is None or request.ticket_id in self._rated or self.stage is Stage.SENDING:
            log.warning("pad %d: evaluator pressed %d with nothing to rate; ignored", self.window, level)
            return False
        self._reset(request)
        self.level = level
        self._send((), source="evaluator")
        return True

    # --- outcome of a submission ------------------------------------------------------------------------

    def delivered(self, ticket_id: int) -> None:
        if self._is_current(ticket_id):
            self.kept_offline = False
            self._enter(Stage.THANKS)

    def kept(self, ticket_id: int) -> None:
        """The server could not be reached: the rating waits on this device and will be delivered later."""
        if self._is_current(ticket_id):
            self.kept_offline = True
            self._enter(Stage.THANKS)

    def refused(self, ticket_id: int, message: str) -> None:
        if self._is_current(ticket_id):
            self.message = message
            self._enter(Stage.REFUSED)

    # --- time -------------------------------------------------------------------------------------------

    def tick(self) -> None:
        """Called now and then (a timer in the app, by hand in tests): leave a stage left alone too long."""
        limit = self.timeouts.of(self.stage)
        if limit is not None and self._clock() - self._touched >= limit:
            log.info("pad %d: %s timed out", self.window, self.stage.value)
            self._go_idle()

    # --- internals --------------------------------------------------------------------------------------

    def _send(self, reasons: tuple[str, ...], comment: str | None = None, *, source: RatingSource = "pad") -> None:
        assert self.request is not None and self.level is not None
        request = self.request
        rating = Rating(request.ticket_id, request.number, self.level, reasons, comment, self._wall_clock(), source)
        self._rated.add(rating.ticket_id)
        self._enter(Stage.SENDING)
        self._submit(rating)

    def _is_current(self, ticket_id: int) -> bool:
        # A late answer about an earlier citizen's rating must not take over the screen of the next one.
        return self.stage is Stage.SENDING and self.request is not None and self.request.ticket_id == ticket_id

    def _enter(self, stage: Stage) -> None:
        self.stage = stage
        self._touch()
        self._changed()

    def _go_idle(self) -> None:
        self._reset(None)
        self._enter(Stage.IDLE)

    def _reset(self, request: RatingRequest | None) -> None:
        self.request = request
        self.level = None
        self.reasons = frozenset()
        self.phrases = ()
        self.message = ""
        self.kept_offline = False

    def _touch(self) -> None:
        self._touched = self._clock()


def staff_card(window: int, data: Mapping[str, Any] | None) -> StaffCard:
    """A StaffCard from a `WindowOut` dump (None: the hall does not know this window)."""
    if data is None:
        return StaffCard(window, f"{window}号窗口", open=False)
    card = StaffCard(window, str(data.get("name") or f"{window}号窗口"))
    return replace(
        card,
        staff_no=data.get("staff_no"),
        staff_name=data.get("staff_name"),
        staff_title=data.get("staff_title"),
        open=data.get("status") != "closed",
        photo=data.get("staff_photo"),
    )
