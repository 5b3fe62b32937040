"""Ratings that have not reached the server yet, kept in a small JSON file so that none is lost.

Every rating is written here *before* it is sent, and removed once the server has it: a pad that loses the
network, or its power, in the middle of a rating still delivers it when it is back. The file is replaced
atomically (write a temporary file, fsync, rename), so a crash leaves the old list or the new one, never half.

Exactly once: the server accepts one rating per ticket. When an attempt's answer was lost (timeout, server
killed after committing), the next attempt is answered 409 `already_rated`: for an entry already tried, that
answer means "delivered". For a first attempt it means someone else rated that ticket, and the citizen is told.
No Qt here: `PadController` drives it from the UI thread only, so the file has a single writer.
"""

from __future__ import annotations

import enum
import json
import logging
import os
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from client.errors import ApiError

from .model import Rating

__all__ = ["Outbox", "OutboxEntry", "Outcome", "outcome_of"]

log = logging.getLogger(__name__)

_VERSION = 1


class Outcome(enum.Enum):
    DELIVERED = "delivered"  # the server has the rating (now or from an earlier attempt)
    RETRY = "retry"  # try again later: no answer, a server error, or a token an administrator must fix
    RETIME = "retime"  # the server finds the pad's clock implausible: send again at once, without the time
    REFUSED = "refused"  # the server will never take it: show the sentence (if the citizen is still there)


def outcome_of(err: ApiError, attempts: int) -> Outcome:
    """What a failed attempt means; *attempts* counts this one."""
    if err.is_network or err.status >= 500:
        return Outcome.RETRY
    if err.is_unauthorized:
        # Keep it: a revoked or mistyped device token is fixed by an administrator, and the rating still counts.
        return Outcome.RETRY
    if err.code == "already_rated" and attempts > 1:
        return Outcome.DELIVERED
    if err.code == "bad_rated_at":
        # A pad clock set wrong must not cost the citizen the rating: the server's own time may still do.
        return Outcome.RETIME
    return Outcome.REFUSED


@dataclass(frozen=True)
class OutboxEntry:
    key: str
    rating: Rating
    attempts: int = 0

    def to_json(self) -> dict[str, Any]:
        r = self.rating
        return {
            "key": self.key,
            "attempts": self.attempts,
            "ticket_id": r.ticket_id,
            "number": r.number,
            "level": r.level,
            "reasons": list(r.reasons),
            "comment": r.comment,
            "made_at": r.made_at,
            "source": r.source,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OutboxEntry:
        rating = Rating(
            ticket_id=int(data["ticket_id"]),
            number=str(data["number"]),
            level=int(data["level"]),
            reasons=tuple(str(r) for r in data.get("reasons", ())),
            comment=data.get("comment"),
            made_at=float(data.get("made_at", 0.0)),
            source="evaluator" if data.get("source") == "evaluator" else "pad",
        )
        return cls(str(data["key"]), rating, int(data.get("attempts", 0)))


class Outbox:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[str, OutboxEntry] = {}
        self._load()

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> list[OutboxEntry]:
        """Oldest first: the order the citizens rated in."""
        return list(self._entries.values())

    def get(self, key: str) -> OutboxEntry | None:
        return self._entries.get(key)

    def add(self, rating: Rating) -> OutboxEntry:
        entry = OutboxEntry(uuid.uuid4().hex, rating)
        self._entries[entry.key] = entry
        self._save()
        return entry

    def attempt(self, key: str) -> OutboxEntry:
        """Count an attempt *before* sending, so that after a crash the next answer is read correctly."""
        entry = self._entries[key]
        entry = OutboxEntry(entry.key, entry.rating, entry.attempts + 1)
        self._entries[key] = entry
        self._save()
        return entry

    def without_time(self, key: str) -> OutboxEntry:
        """Send this one without `rated_at` from now on (the server found the pad's clock implausible)."""
        entry = self._entries[key]
        entry = OutboxEntry(entry.key, replace(entry.rating, made_at=0.0), entry.attempts)
        self._entries[key] = entry
        self._save()
        return entry

    def remove(self, key: str) -> None:
        if self._entries.pop(key, None) is not None:
            self._save()

    # --- the file ---------------------------------------------------------------------------------------

    def _load(self) -> None:
        if not self.path.exists():
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            entries = [OutboxEntry.from_json(item) for item in data["ratings"]]
        except (OSError, ValueError, KeyError, TypeError) as err:
            # Never delete what may be citizens' ratings: set the file aside for an administrator, start empty.
            aside = self.path.with_name(f"{self.path.name}.unreadable-{int(time.time())}")
            log.error("rating outbox %s cannot be read (%s); moved to %s", self.path, err, aside)
            os.replace(self.path, aside)
            return
        self._entries = {entry.key: entry for entry in entries}
        if entries:
            log.info("rating outbox %s: %d rating(s) still to deliver", self.path, len(entries))

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps(
            {"version": _VERSION, "ratings": [e.to_json() for e in self._entries.values()]},
            ensure_ascii=False,
            indent=1,
        )
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(body)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(self.path.parent)


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the directory entry is on disk (power loss right after a rating).
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
