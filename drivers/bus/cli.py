"""`jiaohao bus-sim` (play keypads/signs/evaluators on a pty) and `jiaohao bus-test` (host a bus and watch it):
what an installer or a tester runs before the caller or the hub is pointed at the bus."""

from __future__ import annotations

import sys
import threading

import click

from .bus import Bus, BusListener
from .errors import BusError
from .ptypair import PtyPair
from .roles import EvaluatorLayout, KeypadAction
from .simulator import KEY_NAMES, BusSimulator
from .transport import BusTransport, open_transport

HELP = """commands:  ADDR KEY…   keys: call recall rating pause transfer confirm 0-9   e.g. "1 call", "1 6 confirm"
           ADDR rate LEVEL   evaluator at ADDR gives LEVEL (5 非常满意 … 1 非常不满意)   e.g. "2 rate 5"
           status | help | quit"""


@click.command("bus-sim")
@click.option("--socat", "use_socat", is_flag=True, help="make the pty pair with socat instead of os.openpty()")
@click.option("--device", "device_uri", default=None,
              help="play the devices on this port instead of a new pty (e.g. a USB-485 adapter wired to the host)")
@click.option("--evaluator", "evaluators", multiple=True, metavar="ADDR=LAYOUT",
              help="evaluator key layout per address: 5key, 4key or 1=5,2=4,… (default 5key)")
def bus_sim(use_socat: bool, device_uri: str | None, evaluators: tuple[str, ...]) -> None:
    """Simulate hall keypads, number signs and evaluators; type key presses on stdin."""
    pair: PtyPair | None = None
    try:
        if device_uri is not None:
            transport: BusTransport = open_transport(device_uri)
            host_path = "(host is on the other end of that cable)"
        else:
            pair = PtyPair.socat() if use_socat else PtyPair.openpty()
            transport, host_path = pair.device, pair.host_path
    except BusError as err:
        raise click.ClickException(str(err)) from err
    sim = BusSimulator(transport, on_event=click.echo)
    for spec in evaluators:
        addr, _, layout = spec.partition("=")
        try:
            sim.device(int(addr), EvaluatorLayout.parse(layout or "5key"))
        except ValueError as err:
            raise click.BadParameter(str(err), param_hint="--evaluator") from err
    with sim:
        click.echo(f"host side of the bus: {host_path}")
        click.echo(f"  e.g. jiaohao bus-test --bus {host_path} --addr 1")
        click.echo(HELP)
        for line in sys.stdin:
            if not _command(sim, line.split()):
                break
        else:
            _serve_forever()
        click.echo(f"unacknowledged frames: {len(sim.unacknowledged)}")
    if pair is not None:
        pair.close()


def _command(sim: BusSimulator, words: list[str]) -> bool:
    """Run one typed command; False means quit."""
    if not words:
        return True
    if words[0] in ("quit", "exit"):
        return False
    if words[0] == "help":
        click.echo(HELP)
    elif words[0] == "status":
        for addr in sorted({frame.addr for frame in sim.received} | {f.addr for f in sim.unacknowledged}):
            device = sim.device(addr)
            click.echo(f"[{addr}] showing {device.showing or '(blank)'}, {device.beeps} beep(s), {device.acks} ack(s)")
        click.echo(f"waiting for acknowledgement: {[str(f) for f in sim.unacknowledged] or 'none'}")
    elif not words[0].isdigit() or len(words) < 2:
        click.echo(f"not understood: {' '.join(words)!r}; type help", err=True)
    elif words[1] == "rate" and len(words) == 3 and words[2].isdigit():
        try:
            sim.rate(int(words[0]), int(words[2]))
        except ValueError as err:
            click.echo(str(err), err=True)
    elif all(word.lower() in KEY_NAMES for word in words[1:]):
        sim.press(int(words[0]), *words[1:])
    else:
        click.echo(f"unknown key in {' '.join(words[1:])!r}; type help", err=True)
    return True


def _serve_forever() -> None:
    # stdin closed (started by a script or the demo): keep the devices on the bus until interrupted.
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        click.echo("stopping")


class _Printer(BusListener):
    def on_key(self, addr: int, action: KeypadAction) -> None:
        click.echo(f"[{addr}] key: {action.value}")

    def on_rating(self, addr: int, level: int) -> None:
        click.echo(f"[{addr}] rating: {level}")

    def on_connection(self, connected: bool, error: BusError | None) -> None:
        click.echo("bus connected" if connected else f"bus down: {error}")


@click.command("bus-test")
@click.option("--bus", "uri", required=True, help="serial:///dev/ttyUSB0?baud=9600, /dev/pts/N or loop://")
@click.option("--addr", type=int, default=1, show_default=True, help="keypad/sign address to show a number on")
@click.option("--number", default="A001", show_default=True)
def bus_test(uri: str, addr: int, number: str) -> None:
    """Host the bus: show a number and beep at ADDR, then print every key and rating until stdin closes."""
    with Bus.from_uri(uri) as bus:
        bus.add_listener(_Printer())
        bus.show_number(addr, number)
        bus.beep(addr)
        click.echo(f"showing {number} on {addr}; press keys on the devices, Ctrl-D to stop")
        for _ in sys.stdin:
            pass
