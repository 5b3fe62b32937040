"""A pty pair standing in for an RS-485 adapter: the host opens ``host_path`` with pyserial like a
/dev/ttyUSB0, the simulator drives the other end. ``os.openpty()`` needs nothing installed; socat gives
two ordinary /dev/pts paths (what the issue's test plan and installers use)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tty

from .errors import BusNotFound
from .transport import BusTransport, FdTransport, SerialBusTransport


class PtyPair:
    """Owns both ends; ``device`` is the simulator's transport, ``host_path`` is what the host opens."""

    def __init__(self, host_path: str, device: BusTransport, cleanup: list[int] | subprocess.Popen[bytes]) -> None:
        self.host_path = host_path
        self.device = device
        self._cleanup = cleanup

    @classmethod
    def openpty(cls) -> PtyPair:
        master, slave = os.openpty()
        # Raw before anyone opens it: a cooked slave echoes the simulator's frames straight back to it.
        tty.setraw(slave)
        tty.setraw(master)
        # The slave fd stays open while the pair lives: once every slave fd closes, master reads fail (EIO).
        return cls(os.ttyname(slave), FdTransport(master, "pty master"), [slave])

    @classmethod
    def socat(cls, timeout: float = 5.0) -> PtyPair:
        socat = shutil.which("socat")
        if socat is None:
            raise BusNotFound("socat is not installed (apt-get install socat)")
        process = subprocess.Popen(
            [socat, "-d", "-d", "pty,raw,echo=0", "pty,raw,echo=0"], stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
        )
        assert process.stderr is not None
        paths: list[str] = []
        # socat names both ptys, then says it is ready; reading its log is the ready signal, no polling.
        for raw in process.stderr:
            line = raw.decode(errors="replace")
            if "PTY is " in line:
                paths.append(line.rsplit("PTY is ", 1)[1].strip())
            if "starting data transfer loop" in line:
                break
        if len(paths) != 2:
            process.terminate()
            process.wait(timeout)
            raise BusNotFound(f"socat did not create a pty pair (got {paths})")
        return cls(paths[0], SerialBusTransport(paths[1]), process)

    def close(self) -> None:
        self.device.close()
        if isinstance(self._cleanup, list):
            for fd in self._cleanup:
                os.close(fd)
            self._cleanup = []
        else:
            self._cleanup.terminate()
            self._cleanup.wait(5)
            if self._cleanup.stderr is not None:
                self._cleanup.stderr.close()

    def __enter__(self) -> PtyPair:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
