"""virtual://DIR: a printer that writes each job as .bin (bytes), .txt (reading) and .png (the paper)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from .errors import PrinterNotFound
from .jobstream import JobStream
from .parser import parse
from .preview import render_job
from .status import fault_answers
from .tokens import ParseError

log = logging.getLogger(__name__)


def save_job(directory: Path, data: bytes, width_dots: int = 576) -> Path:
    """Write job *data* as job-NNNN.bin/.txt/.png in *directory*; return the .bin path."""
    directory.mkdir(parents=True, exist_ok=True)
    index = 1 + max((int(p.stem.split("-")[1]) for p in directory.glob("job-*.bin")
                     if p.stem.split("-")[1].isdigit()), default=0)
    stem = directory / f"job-{index:04d}"
    bin_path = stem.with_suffix(".bin")
    bin_path.write_bytes(data)
    try:
        job = parse(data)
    except (ParseError, UnicodeDecodeError) as err:
        # Keep the bytes (they are the evidence) and say why there is no picture.
        stem.with_suffix(".txt").write_text(f"[unparseable job: {err}]\n", encoding="utf-8")
        log.warning("virtual printer: job %s not parseable: %s", bin_path.name, err)
        return bin_path
    stem.with_suffix(".txt").write_text(job.reading(width_dots // 12), encoding="utf-8")
    render_job(job, width_dots).save(stem.with_suffix(".png"))
    return bin_path


class VirtualPrinter:
    """A Transport; answers DLE EOT like a healthy printer unless created with a fault."""

    def __init__(self, directory: str | Path, width_dots: int = 576, fault: str = "none") -> None:
        self.directory = Path(directory)
        self.width_dots = width_dots
        self._answers = fault_answers(fault)
        self._stream = JobStream()
        self._replies = bytearray()
        self._lock = threading.Lock()
        self.saved: list[Path] = []
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise PrinterNotFound(f"virtual printer cannot use {self.directory}: {err}") from err

    def write(self, data: bytes, timeout: float) -> None:
        with self._lock:
            events = self._stream.feed(data)
            for n in events.status_requests:
                if self._answers is not None:
                    self._replies.append(self._answers[n])
            for job in events.jobs:
                self.saved.append(save_job(self.directory, job, self.width_dots))

    def read(self, n: int, timeout: float) -> bytes:
        with self._lock:
            answer = bytes(self._replies[:n])
            del self._replies[:n]
        return answer

    def close(self) -> None:
        with self._lock:
            rest = self._stream.flush()
            if rest:
                self.saved.append(save_job(self.directory, rest, self.width_dots))
