"""`jiaohao bus`: one bus of hall keypads and signs acting for several windows, with no PC at the windows.

Plain threads, no Qt: the bus reader thread hands each key to its window's agent, and each agent runs that
window's actions one at a time on its own thread (so a window's keys reach the server in order, and a slow
answer at window 1 never holds up window 2). The token is a caller device token; the server lets it act only
on the windows it was issued for, and `check_windows()` (asking `GET /auth/me`) finds a map outside them before
the first key.

Network blinks follow the caller app's rule (`actions.reconcile`): an action with no answer is judged against
`GET /hall` when the server is back, and resent only when the window shows it was not done.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from client.api import HallApi
from client.errors import ApiError
from client.health import DeviceReport, StatusReporter
from drivers.bus import Bus, BusError, BusListener, Frame, KeypadAction
from jiaohao.wire.models import WindowOut, WindowTicketOut

from .actions import ActionRequest, Answer, CallerAction, Outcome, WindowFacts, perform, reconcile
from .health import keypads_report
from .keypad import keypad_request

__all__ = ["BusHub", "HubError", "WindowAgent", "parse_map"]

log = logging.getLogger(__name__)


class HubError(Exception):
    """The hub cannot run as configured; the message says which window or flag and why."""


def parse_map(values: tuple[str, ...] | list[str], flag: str = "--map") -> dict[int, int]:
    """`("1=1", "2=3")` → {bus address: window}."""
    mapping: dict[int, int] = {}
    for value in values:
        addr, sep, window = value.partition("=")
        if not sep or not addr.strip().isdigit() or not window.strip().isdigit():
            raise HubError(f"{flag} 应为 地址=窗口号，例如 1=3（收到 {value!r}）")
        if int(addr) in mapping:
            raise HubError(f"{flag}：地址 {addr} 出现了两次")
        mapping[int(addr)] = int(window)
    return mapping


@dataclass
class WindowAgent:
    """One window's keypad on the hub: its last known window view and the actions it runs."""

    window: int
    addr: int
    sign_addrs: tuple[int, ...] = ()
    view: WindowOut | None = None
    service: str | None = None
    held: list[str] = field(default_factory=list)
    busy: bool = False
    executor: ThreadPoolExecutor = field(init=False)

    def __post_init__(self) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"jiaohao-hub-w{self.window}")


class BusHub(BusListener):
    def __init__(
        self,
        api: HallApi,
        bus: Bus,
        mapping: dict[int, int],
        signs: dict[int, int] | None = None,
        *,
        retry_s: float = 1.0,
        heartbeat_tick_s: float = 5.0,
        on_event: Callable[[str], None] | None = None,
    ) -> None:
        self.api = api
        self.bus = bus
        self.retry_s = retry_s
        self.heartbeat_tick_s = heartbeat_tick_s
        self._health_changed = threading.Event()
        self._heartbeat: threading.Thread | None = None
        self.on_event = on_event or (lambda text: log.info("%s", text))
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.agents: dict[int, WindowAgent] = {addr: WindowAgent(window, addr) for addr, window in mapping.items()}
        for sign_addr, window in (signs or {}).items():
            agent = next((a for a in self.agents.values() if a.window == window), None)
            if agent is None:
                raise HubError(f"--sign {sign_addr}={window}：{window} 号窗口没有键盘（--map）")
            agent.sign_addrs = (*agent.sign_addrs, sign_addr)

    # --- start and stop -----------------------------------------------------------------------------

    def check_windows(self) -> None:
        """Refuse to start with a map to a window the hall lacks or the token may not act on."""
        hall = self.api.hall()
        me = self.api.me()  # a wrong or revoked token fails here, with the server's sentence
        views = {w.number: w for w in hall.windows}
        # The server's rule for window actions: a clerk at that window, or a caller device issued for it.
        may_act = me.kind == "staff" or me.role == "caller"
        refused: list[str] = []
        for agent in self.agents.values():
            if agent.window not in views:
                refused.append(f"没有 {agent.window} 号窗口")
                continue
            agent.view = views[agent.window]
            if not may_act or agent.window not in me.windows:
                refused.append(f"地址 {agent.addr} → {agent.window} 号窗口：无权操作 {agent.window} 号窗口")
        if refused:
            raise HubError("；".join(refused))

    def start(self) -> None:
        self.bus.add_listener(self, list(self.agents))
        self.bus.start()
        for agent in self.agents.values():
            self._show(agent)
        self._heartbeat = threading.Thread(target=self._beat_until_stopped, name="jiaohao-hub-heartbeat", daemon=True)
        self._heartbeat.start()

    def stop(self) -> None:
        self._stop.set()
        self._health_changed.set()
        if self._heartbeat is not None:
            self._heartbeat.join(timeout=5)
        self.bus.remove_listener(self)
        for agent in self.agents.values():
            agent.executor.shutdown(wait=True, cancel_futures=True)
        self.bus.stop()

    # --- bus thread ---------------------------------------------------------------------------------

    def on_key(self, addr: int, action: KeypadAction) -> None:
        agent = self.agents.get(addr)
        if agent is None:
            return
        with self._lock:
            if agent.busy:
                self.on_event(f"{agent.window} 号窗口：上一个操作尚未完成，忽略 {action.value}")
                return
            paused = agent.view is not None and agent.view.status == "paused"
            request = keypad_request(
                action, paused=paused, latest_held=agent.held[-1] if agent.held else None, current_service=agent.service
            )
            if request is None:
                self.on_event(f"{agent.window} 号窗口：没有可叫回的挂起号")
                return
            agent.busy = True
        agent.executor.submit(self._run, agent, request)

    def on_connection(self, connected: bool, error: BusError | None) -> None:
        self.on_event("总线已连接" if connected else f"总线断开：{error}")
        self._health_changed.set()

    def on_frame(self, frame: Frame) -> None:
        self._health_changed.set()  # a keypad answering for the first time changes the hub's health

    # --- heartbeat thread ---------------------------------------------------------------------------

    def health(self) -> DeviceReport:
        return keypads_report(self.bus.status(), {a.addr: a.window for a in self.agents.values()}, role="键盘主机")

    def _beat_until_stopped(self) -> None:
        reporter = StatusReporter(time.monotonic)
        while not self._stop.is_set():
            report = self.health()
            if reporter.due(report):
                reporter.sending()
                try:
                    self.api.request("POST", "/devices/status", json=report.body())
                except ApiError as err:
                    log.info("hub heartbeat not delivered (%s); will retry", err.message)
                    reporter.not_delivered()
                else:
                    reporter.delivered(report)
            self._health_changed.wait(self.heartbeat_tick_s)
            self._health_changed.clear()

    # --- window threads -----------------------------------------------------------------------------

    def _run(self, agent: WindowAgent, request: ActionRequest) -> None:
        try:
            before = WindowFacts.of(agent.view)
            while not self._stop.is_set():
                try:
                    answer = perform(self.api, agent.window, request)
                except ApiError as err:
                    if not err.is_network:
                        self.on_event(f"{agent.window} 号窗口 {request.label}：{err.message}")
                        self._refresh(agent)
                        return
                    if not self._wait_for_server(agent, request, before):
                        return
                    continue
                self._apply(agent, request, answer)
                return
        except Exception:
            # A bug or an answer outside the contract: logged with its traceback (a Future would hide it).
            log.exception("window %d: %s failed", agent.window, request.action.value)
        finally:
            with self._lock:
                agent.busy = False

    def _wait_for_server(self, agent: WindowAgent, request: ActionRequest, before: WindowFacts) -> bool:
        """After a lost answer: True to send again (the window shows it was not done), False when settled."""
        self.on_event(f"{agent.window} 号窗口 {request.label}：网络中断，恢复后确认")
        while not self._stop.wait(self.retry_s):
            try:
                hall = self.api.hall()
            except ApiError as err:
                if err.is_network:
                    continue
                raise
            view = next(w for w in hall.windows if w.number == agent.window)
            outcome = reconcile(request, before, view)
            if outcome is Outcome.NOT_APPLIED:
                return True
            self._set_view(agent, view)
            self.on_event(
                f"{agent.window} 号窗口 {request.label}：{'已完成' if outcome is Outcome.APPLIED else '未确认，未重发'}"
            )
            return False
        return False

    def _apply(self, agent: WindowAgent, request: ActionRequest, answer: Answer) -> None:
        if isinstance(answer, WindowTicketOut):
            ticket = answer.ticket
            if ticket is not None and request.action is CallerAction.HOLD:
                agent.held.append(ticket.number)
            if ticket is not None and request.action is CallerAction.CALL_NUMBER and ticket.number in agent.held:
                agent.held.remove(ticket.number)
            agent.service = ticket.service if ticket is not None and answer.window.serving == ticket.number else None
            self._set_view(agent, answer.window)
            if request.action in (CallerAction.CALL_NEXT, CallerAction.CALL_NUMBER, CallerAction.RECALL):
                self.bus.beep(agent.addr)
        elif isinstance(answer, WindowOut):
            self._set_view(agent, answer)
        elif answer is None or request.action is CallerAction.REQUEST_RATING:
            # 204: nobody waits (the current ticket, if any, was finished); a rating asked while serving finished
            # the service too. Either way the sign and keypad show what the window has now.
            self._refresh(agent)
        self.on_event(f"{agent.window} 号窗口 {request.label}：{agent.view.serving if agent.view else ''}".rstrip("："))

    def _refresh(self, agent: WindowAgent) -> None:
        try:
            hall = self.api.hall()
        except ApiError as err:
            self.on_event(f"{agent.window} 号窗口：无法读取窗口状态：{err.message}")
            return
        view = next((w for w in hall.windows if w.number == agent.window), None)
        if view is not None:
            self._set_view(agent, view)

    def _set_view(self, agent: WindowAgent, view: WindowOut) -> None:
        agent.view = view
        if view.serving is None:
            agent.service = None
        self._show(agent)

    def _show(self, agent: WindowAgent) -> None:
        number = agent.view.serving if agent.view else None
        for addr in (agent.addr, *agent.sign_addrs):
            self.bus.show_number(addr, number)
