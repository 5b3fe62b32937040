"""Turn the byte stream a printer receives into status requests and finished jobs (one per cut)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .tokens import tokenize


@dataclass
class StreamEvents:
    status_requests: list[int] = field(default_factory=list)
    jobs: list[bytes] = field(default_factory=list)


class JobStream:
    """Feed it bytes as they arrive; DLE EOT queries are pulled out (they are answered, not printed) and
    every cut closes a job, just as each cut hands the citizen one piece of paper."""

    def __init__(self) -> None:
        self._pending = b""  # an incomplete command at the end of what arrived so far
        self._job = bytearray()
        self.job_bytes = 0  # everything except status queries, over the stream's life

    def feed(self, data: bytes) -> StreamEvents:
        events = StreamEvents()
        buf = self._pending + data
        tokens, end = tokenize(buf, strict=False)
        self._pending = buf[end:]
        for token in tokens:
            piece = buf[token.start:token.end]
            if token.name == b"\x10\x04":
                events.status_requests.append(token.params[0])
                continue
            self._job += piece
            self.job_bytes += len(piece)
            if token.name == b"\x1dV":
                events.jobs.append(bytes(self._job))
                self._job.clear()
        return events

    def flush(self) -> bytes:
        """What arrived after the last cut (a job without a cut, or a truncated one)."""
        rest = bytes(self._job) + self._pending
        self._job.clear()
        self._pending = b""
        return rest
