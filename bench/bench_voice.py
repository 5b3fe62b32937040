"""The hall's voice under a burst of calls (issue 16), read back from the sound itself.

    .venv/bin/python bench/bench_voice.py [--calls 10] [--within 5] [--rounds 5]

The real announcement queue, the real default voice pack (espeak-ng) and a real player (`paplay`) play into a
PulseAudio null sink started for this run on its own socket; `parec` records the sink's monitor, so "first
sound" and "fully spoken" are when samples above the noise floor reach the monitor, not when a function
returned. Figures, each against a baseline measured in the same run:

- first sound: call handed to the queue → first audible sample, against `paplay` of a short tone started
  directly (the player's own start-up, the floor); target ≤ 300 ms;
- burst: N calls within S seconds (one of them a recall) → the last audible sample, against what the same
  calls took under the old rule (chime + words, said twice: computed from the renderings' lengths) and the
  floor (each call's words once); target ≤ 60 s, in call order, none skipped, the recall heard.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from array import array
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drivers.voice import Announcement, AnnouncementQueue, SubprocessPlayer, ensure_default_pack
from drivers.voice.announce import compose, render_samples
from drivers.voice.audio import wav_bytes

SINK = "jiaohao_bench"
CHUNK = 220  # samples per monitor read: 10 ms at 22,050 Hz
LOUD = 200  # |sample| above this is sound (the null sink's silence is exact zeros)


class NullSink:
    """A PulseAudio daemon with one null sink, on a socket of its own, and a recorder on its monitor."""

    def __init__(self, folder: Path, rate: int) -> None:
        self.rate = rate
        runtime = folder / "pulse"
        runtime.mkdir()
        self.env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "HOME": str(runtime),
                    "PULSE_SERVER": f"unix:{runtime}/native"}
        self.daemon = subprocess.Popen(
            ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit", "--system=false",
             "-L", f"module-null-sink sink_name={SINK} rate={rate} channels=1",
             "-L", f"module-native-protocol-unix auth-anonymous=1 socket={runtime}/native",
             "--log-target=stderr", "--log-level=error"], env=self.env, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode != 0:
            if time.monotonic() > deadline or self.daemon.poll() is not None:
                raise SystemExit("pulseaudio did not start (is the pulseaudio package installed?)")
            time.sleep(0.05)
        self.loud: list[float] = []  # monotonic arrival time of each monitor chunk that held sound
        self._lock = threading.Lock()
        self.recorder = subprocess.Popen(
            ["parec", "-d", f"{SINK}.monitor", "--format=s16le", f"--rate={rate}", "--channels=1",
             "--latency-msec=10"], env=self.env, stdout=subprocess.PIPE)
        threading.Thread(target=self._record, daemon=True).start()

    def _record(self) -> None:
        assert self.recorder.stdout is not None
        while block := self.recorder.stdout.read(CHUNK * 2):
            now = time.monotonic()
            samples = array("h")
            samples.frombytes(block[: len(block) // 2 * 2])
            if samples and max(abs(min(samples)), max(samples)) > LOUD:
                with self._lock:
                    self.loud.append(now)

    def first_sound_after(self, t0: float, timeout: float = 10.0) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                after = [t for t in self.loud if t >= t0]
            if after:
                return after[0] - t0
            time.sleep(0.005)
        raise SystemExit("no sound reached the null sink")

    def last_sound(self) -> float:
        time.sleep(0.1)  # the monitor lags the player by its latency
        with self._lock:
            return self.loud[-1]

    def player(self) -> SubprocessPlayer:
        os.environ["PULSE_SERVER"] = self.env["PULSE_SERVER"]
        return SubprocessPlayer([shutil.which("paplay") or "paplay", "-d", SINK])

    def stop(self) -> None:
        for process in (self.recorder, self.daemon):
            process.terminate()
            process.wait(5)


class Order:
    """The queue's listener: when each call started, and which finished or failed, in order."""

    def __init__(self) -> None:
        self.starts: list[tuple[float, str]] = []
        self.ends: list[str] = []
        self.failures: list[str] = []

    def started(self, item: Announcement) -> None:
        self.starts.append((time.monotonic(), item.text))

    def finished(self, item: Announcement) -> None:
        self.ends.append(item.text)

    def failed(self, item: Announcement, error: Exception) -> None:
        self.failures.append(f"{item.text}: {error}")


def player_floor(sink: NullSink, folder: Path, rounds: int) -> list[float]:
    tone = array("h", [8000 if (i // 25) % 2 else -8000 for i in range(sink.rate // 10)])
    path = folder / "tone.wav"
    path.write_bytes(wav_bytes(tone, sink.rate))
    subprocess.run(["paplay", "-d", SINK, str(path)], env=sink.env, check=True)  # warm-up: the sink wakes up
    time.sleep(0.3)
    out = []
    for _ in range(rounds):
        t0 = time.monotonic()
        subprocess.run(["paplay", "-d", SINK, str(path)], env=sink.env, check=True)
        out.append(sink.first_sound_after(t0))
        time.sleep(0.2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--within", type=float, default=5.0, help="seconds over which the burst's calls arrive")
    parser.add_argument("--rounds", type=int, default=5, help="repetitions of the first-sound measurement")
    args = parser.parse_args()
    if not shutil.which("pulseaudio") or not shutil.which("paplay"):
        raise SystemExit("bench_voice needs pulseaudio and pulseaudio-utils (make deps installs them)")
    pack = ensure_default_pack()
    with tempfile.TemporaryDirectory(prefix="jiaohao-voice-bench-") as tmp:
        sink = NullSink(Path(tmp), pack.sample_rate)
        try:
            floor = player_floor(sink, Path(tmp), args.rounds)
            order = Order()
            with AnnouncementQueue(pack, sink.player(), repeat=2) as speaker:
                speaker.add_listener(order)
                first = []
                for i in range(args.rounds):
                    t0 = time.monotonic()
                    speaker.call(f"A{i + 1:03d}", 3)
                    first.append(sink.first_sound_after(t0))
                    assert speaker.wait_idle(60)
                    time.sleep(0.3)  # let the monitor drain so the next round starts in silence
                order.starts.clear()
                order.ends.clear()
                gap = args.within / max(args.calls - 1, 1)
                calls = [(f"B{i + 1:03d}", i % 8 + 1, i == args.calls // 2) for i in range(args.calls)]
                start = time.monotonic()
                texts = []
                for i, (number, window, recall) in enumerate(calls):
                    time.sleep(max(0.0, start + i * gap - time.monotonic()))
                    texts.append(speaker.call(number, window, recall=recall).text)
                assert speaker.wait_idle(300)
                burst = sink.last_sound() - start
                lag = max(t - (start + i * gap) for i, (t, _) in enumerate(order.starts))
        finally:
            sink.stop()
    rate = pack.sample_rate
    old = sum(len(render_samples(c, pack, tail_ms=700)) + len(render_samples(c[1:], pack, tail_ms=700))
              for c in (compose(n, w, recall=r) for n, w, r in calls)) / rate
    least = sum(len(render_samples(compose(n, w, recall=r)[1:], pack)) for n, w, r in calls) / rate
    med_floor, med_first = statistics.median(floor), statistics.median(first)
    print(f"voice: default pack ({pack.settings.name}), paplay into a PulseAudio null sink, read back from its monitor")
    print(f"  player floor (paplay of a tone)   median {med_floor * 1000:6.0f} ms  spread "
          f"{min(floor) * 1000:.0f}–{max(floor) * 1000:.0f} ms")
    print(f"  call → first sound                median {med_first * 1000:6.0f} ms  spread "
          f"{min(first) * 1000:.0f}–{max(first) * 1000:.0f} ms  {med_first / med_floor:5.2f}× floor  "
          f"target ≤ 300 ms: {'met' if max(first) <= 0.3 else 'NOT met'}")
    print(f"  burst of {args.calls} within {args.within:.0f} s → last sound {burst:6.1f} s  "
          f"{burst / old:5.2f}× the old rule ({old:.1f} s)  {burst / least:5.2f}× the words once ({least:.1f} s)  "
          f"target ≤ 60 s: {'met' if burst <= 60 else 'NOT met'}")
    print(f"  longest wait from a call to its first word: {lag:.1f} s")
    in_order = order.ends == texts and [t for _, t in order.starts] == texts
    recall_heard = any(t.startswith("重呼") for t in order.ends)
    print(f"  in call order: {in_order}; none skipped: {len(order.ends) == len(texts)}; recall heard: "
          f"{recall_heard}; failures: {order.failures or 'none'}")
    if not (in_order and recall_heard and not order.failures):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
