"""KioskModel: everything the ticket kiosk knows and decides, in plain Python (no Qt, no I/O).

The controller feeds it facts (hall view, server reachable or not, printer status, the server's answer to
an issue, the printer's answer to a job) and asks it questions (may this touch issue a ticket? has the
citizen walked away?). Views read it and subscribe to it. Time comes from an injected clock (monotonic
seconds), so the idle timeout and the double-tap guard are tested without waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from drivers.printer.status import PrinterState
from jiaohao.domain.config import GREEN_CHANNEL, GREEN_CHANNEL_EN
from jiaohao.domain.wording import WindowFacts, serving_windows
from jiaohao.wire.models import HallOut, TicketOut

__all__ = [
    "IssueRequest",
    "IssuedTicket",
    "KioskModel",
    "KioskTimings",
    "Notice",
    "PrintState",
    "Screen",
    "ServiceTile",
    "windows_serving",
]

log = logging.getLogger(__name__)

Clock = Callable[[], float]
Listener = Callable[[], Any]


class Screen(StrEnum):
    START = "start"  # the services (or 暂停取号 when the server cannot be reached)
    GREEN = "green"  # pick the service for a green-channel (priority) ticket
    APPOINTMENT = "appointment"  # type the appointment code
    HOLDER = "holder"  # type a phone or ID number: the service allows one ticket per person
    RESULT = "result"  # the number, printed or shown with its QR code
    NOTIFY = "notify"  # 短信提醒我: type a mobile number for the ticket just issued
    APPOINTMENT_TAIL = "appointment_tail"  # no code: the last four digits of the phone booked with
    APPOINTMENT_ID = "appointment_id"  # ... then the ID number booked with


class PrintState(StrEnum):
    PRINTING = "printing"
    PRINTED = "printed"
    NOT_PRINTED = "not_printed"  # printer refused or failed: the screen is the citizen's ticket


@dataclass(frozen=True)
class KioskTimings:
    """Seconds. A citizen reading a printed ticket needs little time; one copying a number from the screen
    (no paper) needs much more, so that screen stays longest."""

    idle: float = 45.0  # any screen but the start screen, without a touch
    result_printed: float = 20.0
    result_not_printed: float = 90.0
    double_tap: float = 1.2  # touches this soon after an issue are the same finger, not a new request


@dataclass(frozen=True)
class ServiceTile:
    code: str
    name: str
    prefix: str
    waiting: int
    est_wait_min: int
    open: bool
    closed_reason: str | None
    est_wait_range: tuple[int, int] | None = None
    name_en: str | None = None


@dataclass(frozen=True)
class Notice:
    """Why the last touch gave no ticket: the server's error code (to translate by) and its sentence."""

    code: str
    text: str


@dataclass(frozen=True)
class IssueRequest:
    service: str | None
    channel: Literal["normal", "green"] = "normal"
    appointment_code: str | None = None
    holder_id: str | None = None
    appointment_phone_tail: str | None = None


@dataclass
class IssuedTicket:
    ticket: TicketOut
    print_state: PrintState
    windows: tuple[WindowFacts, ...]  # the windows that serve it now: where to go when called
    print_problem: PrinterState | None = None  # why it was not printed (None: printer error of another kind)
    notify_masked: str | None = None  # 138****5678 once a phone was left for 短信提醒


def windows_serving(hall: HallOut, service: str) -> tuple[WindowFacts, ...]:
    """Every window that serves the service now, in the hall's order (jiaohao.domain.wording)."""
    facts = [WindowFacts(w.number, w.name, w.services, w.status, w.name_en) for w in hall.windows]
    return tuple(serving_windows(facts, service))


# Printer states in which the kiosk prints; in the others it shows the ticket on screen instead.
PRINTABLE = frozenset({PrinterState.OK, PrinterState.PAPER_NEAR_END})


# Screens where the citizen is about to ask for something: left for the start screen when the server goes.
ENTRY_SCREENS = frozenset(
    {Screen.GREEN, Screen.APPOINTMENT, Screen.HOLDER, Screen.NOTIFY, Screen.APPOINTMENT_TAIL, Screen.APPOINTMENT_ID}
)


class KioskModel:
    def __init__(self, clock: Clock, timings: KioskTimings | None = None, *, has_printer: bool = True) -> None:
        self.clock = clock
        self.timings = timings or KioskTimings()
        self.has_printer = has_printer
        self.hall: HallOut | None = None
        self.screen = Screen.START
        self.online = False
        self.offline_reason: str | None = None  # a sentence for 暂停取号 (None while first connecting)
        self.printer_state: PrinterState | None = None if has_printer else PrinterState.OFFLINE
        self.busy = False  # an issue request is on its way to the server
        self.current: IssuedTicket | None = None
        self.message: Notice | None = None  # why the last request gave no ticket
        self.pending: IssueRequest | None = None  # waiting for a holder id before it can be sent
        self.phone_tail: str | None = None  # typed on APPOINTMENT_TAIL, sent with the ID from APPOINTMENT_ID
        self.unprinted: list[str] = []  # numbers issued but never printed, for the status report
        self.large = False
        self.default_lang = "zh_CN"
        self.lang = self.default_lang
        self._last_touch = clock()
        self._last_issue = float("-inf")
        self._screen_since = clock()
        self._listeners: list[Listener] = []

    # --- subscription ---------------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def changed(self) -> None:
        for listener in list(self._listeners):
            listener()

    # --- what the start screen offers -------------------------------------------------------------------

    @property
    def printer_checked(self) -> bool:
        return self.printer_state is not None

    @property
    def can_print(self) -> bool:
        return self.printer_state in PRINTABLE

    @property
    def accepting(self) -> bool:
        """Services are offered once the hall is known, the server answers and the printer was asked."""
        return self.online and self.hall is not None and self.printer_checked

    def tiles(self) -> list[ServiceTile]:
        if self.hall is None:
            return []
        return [
            ServiceTile(
                s.code, s.name, s.prefix, s.waiting, s.est_wait_min, s.open, s.closed_reason,
                est_wait_range=s.est_wait_range, name_en=s.name_en,
            )
            for s in self.hall.services
        ]

    def green_channel(self, english: bool) -> str:
        """Who the green channel is for, in the hall file's words ([hall] green_channel)."""
        hall = self.hall
        if english:
            return (hall.green_channel_en if hall else None) or GREEN_CHANNEL_EN
        return (hall.green_channel if hall else None) or GREEN_CHANNEL

    def windows_for(self, service: str) -> tuple[WindowFacts, ...]:
        return windows_serving(self.hall, service) if self.hall is not None else ()

    # --- facts from outside -----------------------------------------------------------------------------

    def set_hall(self, hall: HallOut | None) -> None:
        self.hall = hall
        self.changed()

    def set_online(self, online: bool, reason: str | None = None) -> None:
        if online == self.online and (online or reason == self.offline_reason):
            return
        self.online = online
        self.offline_reason = None if online else reason
        if not online and self.screen in ENTRY_SCREENS:
            self._go(Screen.START)  # nothing can be issued: show why, on the screen the citizen comes back to
        self.changed()

    def set_printer_state(self, state: PrinterState) -> bool:
        """True when the state changed (the controller then reports it to the server)."""
        if state == self.printer_state:
            return False
        self.printer_state = state
        self.changed()
        return True

    def touch(self) -> None:
        self._last_touch = self.clock()

    # --- navigation -------------------------------------------------------------------------------------

    def _go(self, screen: Screen) -> None:
        self.screen = screen
        self._screen_since = self.clock()
        if screen is not Screen.HOLDER:
            self.pending = None
        if screen is not Screen.APPOINTMENT_ID:
            self.phone_tail = None

    def open_screen(self, screen: Screen) -> None:
        self.touch()
        if screen is not Screen.START and not self.accepting:
            return
        self.message = None
        self._go(screen)
        self.changed()

    def back_to_start(self) -> bool:
        """The citizen pressed 返回/完成. Refused right after a ticket appeared: that is the second tap of
        the touch that asked for it, landing on the button now under the finger, not a wish to leave."""
        self.touch()
        if self.screen is Screen.RESULT and self.clock() - self._screen_since < self.timings.double_tap:
            return False
        self.message = None
        self._go(Screen.START)
        self.changed()
        return True

    def back(self) -> bool:
        """返回 on a keypad: from the phone for 短信提醒 to the ticket, from the no-code check-in to the code,
        from anything else to the start."""
        if self.screen is Screen.NOTIFY and self.current is not None:
            self.touch()
            self.message = None
            self._go(Screen.RESULT)
            self.changed()
            return True
        if self.screen in (Screen.APPOINTMENT_TAIL, Screen.APPOINTMENT_ID):
            self.open_screen(Screen.APPOINTMENT)
            return True
        return self.back_to_start()

    # --- 短信提醒 and check-in without the code --------------------------------------------------------

    @property
    def reminders_enabled(self) -> bool:
        return self.hall is not None and self.hall.reminders_enabled

    def can_notify(self) -> bool:
        """短信提醒我 is offered for a ticket still to be called, once, where the hall sends reminders."""
        return self.reminders_enabled and self.current is not None and self.current.notify_masked is None

    def open_notify(self) -> bool:
        # Same guard as 完成: the touch that asked for the ticket must not land on this button too.
        self.touch()
        if not self.can_notify() or self.clock() - self._screen_since < self.timings.double_tap:
            return False
        self.open_screen(Screen.NOTIFY)
        return True

    def begin_notify(self) -> bool:
        self.touch()
        if self.busy or self.current is None or self.screen is not Screen.NOTIFY:
            return False
        self.busy = True
        self.message = None
        self.changed()
        return True

    def notify_succeeded(self, ticket_id: int, masked: str) -> None:
        self.busy = False
        if self.current is not None and self.current.ticket.id == ticket_id:
            self.current.notify_masked = masked
            if self.screen is Screen.NOTIFY:
                self._go(Screen.RESULT)
        self.changed()

    def notify_failed(self, message: Notice) -> None:
        self.busy = False
        self.message = message
        self.changed()

    def phone_tail_typed(self, tail: str) -> None:
        """The four digits are in: ask for the ID number next (both together find the booking)."""
        self.touch()
        self.message = None
        self._go(Screen.APPOINTMENT_ID)
        self.phone_tail = tail
        self.changed()

    def set_large(self, large: bool) -> None:
        self.touch()
        self.large = large
        self.changed()

    def set_lang(self, lang: str) -> None:
        self.touch()
        self.lang = lang
        self.changed()

    # --- issuing ----------------------------------------------------------------------------------------

    def begin_issue(self, request: IssueRequest) -> bool:
        """One touch, one ticket: False while a request is on its way or just after one was answered."""
        self.touch()
        if self.busy or not self.accepting:
            return False
        if self.clock() - self._last_issue < self.timings.double_tap:
            log.info("touch %.2f s after the last ticket ignored as a double tap", self.clock() - self._last_issue)
            return False
        self.busy = True
        self.message = None
        self.pending = None
        self.changed()
        return True

    def need_holder(self, request: IssueRequest, message: Notice) -> None:
        """The service allows one ticket per person: ask for a phone or ID number, then send it again."""
        self.busy = False
        self.message = message
        self._go(Screen.HOLDER)
        self.pending = request
        self.changed()

    def issue_succeeded(self, ticket: TicketOut) -> bool:
        """Show the ticket; True when it should now be printed."""
        self.busy = False
        self._last_issue = self.clock()
        printing = self.has_printer and self.can_print
        state = PrintState.PRINTING if printing else PrintState.NOT_PRINTED
        problem = None if printing else self.printer_state
        self.current = IssuedTicket(ticket, state, self.windows_for(ticket.service), problem)
        if not printing:
            self._not_printed(ticket, f"printer {self.printer_state}")
        self._go(Screen.RESULT)
        self.changed()
        return printing

    def issue_failed(self, message: Notice, *, network: bool) -> None:
        # No ticket came of it, so the double-tap guard does not start: trying again at once is allowed.
        self.busy = False
        self.message = message
        if network:
            self.set_online(False, message.text)
        self.changed()

    def print_finished(self, ticket_id: int, after: PrinterState) -> None:
        if self.current is not None and self.current.ticket.id == ticket_id:
            self.current.print_state = PrintState.PRINTED
        self.printer_state = after
        self.changed()

    def print_failed(self, ticket_id: int, state: PrinterState | None, detail: str) -> None:
        """The printer refused or failed mid-job: the screen becomes the ticket, and it is logged."""
        if self.current is not None and self.current.ticket.id == ticket_id:
            self.current.print_state = PrintState.NOT_PRINTED
            self.current.print_problem = state
            self._not_printed(self.current.ticket, detail)
            self._screen_since = self.clock()  # the long "copy the number" timeout starts now
        if state is not None:
            self.printer_state = state
        self.changed()

    def _not_printed(self, ticket: TicketOut, why: str) -> None:
        # The server has the ticket; the citizen has only the screen. Keep a trace for the staff.
        log.warning(
            "ticket %s (id %d) issued but NOT printed (%s); track %s", ticket.number, ticket.id, why, ticket.track_url
        )
        self.unprinted = [*self.unprinted[-9:], ticket.number]

    # --- time -------------------------------------------------------------------------------------------

    def idle_limit(self) -> float | None:
        if self.screen is Screen.START:
            # Large type or English chosen by the last citizen: back to the defaults for the next one.
            personalised = self.large or self.lang != self.default_lang
            return self.timings.idle if personalised else None
        if self.screen is Screen.RESULT and self.current is not None:
            if self.current.print_state is PrintState.PRINTING:
                return None  # never leave while the ticket is still coming out
            if self.current.print_state is PrintState.NOT_PRINTED:
                return self.timings.result_not_printed
            return self.timings.result_printed
        return self.timings.idle

    def tick(self) -> bool:
        """Called every second or so: back to the start screen when the citizen has walked away."""
        limit = self.idle_limit()
        if limit is None or self.busy:
            return False
        if self.clock() - max(self._last_touch, self._screen_since) < limit:
            return False
        self.message = None
        self.large = False  # the next citizen starts from the default screen
        self.lang = self.default_lang
        self._go(Screen.START)
        self.changed()
        return True
