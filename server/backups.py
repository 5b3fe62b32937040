"""The nightly backup: once a day after the hall file's `[backup] at`, a copy of the SQLite database goes into
the backup folder, and only the newest `keep` copies stay.

Driven by the server's clock (the sweep), so a test moves the clock instead of waiting for the night. The
copy runs off the event loop and outside the writer: the online backup API lets the hall keep working.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from pathlib import Path

from jiaohao.domain.config import BackupPolicy

from .storage.backup import back_up, sqlite_path
from .storage.database import StorageError

__all__ = ["NightlyBackup", "backup_name"]

log = logging.getLogger(__name__)


def backup_name(hall_id: str, local: datetime) -> str:
    return f"jiaohao-{hall_id}-{local:%Y%m%d-%H%M}.sqlite3"


class NightlyBackup:
    def __init__(self, policy: BackupPolicy, hall_id: str, db_url: str) -> None:
        self.policy = policy
        self.hall_id = hall_id
        self.db_url = db_url
        database = sqlite_path(db_url)
        self.folder: Path | None = None
        if policy.enabled and database is not None:
            self.folder = Path(policy.folder) if policy.folder else database.parent / "backups"
        elif policy.enabled:
            log.info("nightly backup: not a SQLite file; back up PostgreSQL with pg_dump (docs/deploy.md)")
        self._pattern = re.compile(rf"^jiaohao-{re.escape(hall_id)}-\d{{8}}-\d{{4}}\.sqlite3$")
        self.done_for: date | None = None

    def copies(self) -> list[Path]:
        """This hall's nightly copies, oldest first (the names sort by time)."""
        if self.folder is None or not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir() if self._pattern.match(p.name))

    def due(self, local: datetime) -> bool:
        if self.folder is None or local.time() < self.policy.at:
            return False
        if self.done_for is None:
            # After a restart: tonight's copy may already be there.
            today = f"-{local:%Y%m%d}-"
            if any(today in p.name for p in self.copies()):
                self.done_for = local.date()
        return self.done_for != local.date()

    def run_if_due(self, local: datetime) -> Path | None:
        """Take tonight's copy when it is time and not yet done; prune old ones. Never raises: a failed
        backup is logged loudly and tried again on the next sweep."""
        if not self.due(local) or self.folder is None:
            return None
        try:
            made = back_up(self.db_url, self.folder / backup_name(self.hall_id, local))
        except (StorageError, OSError) as err:
            log.error("nightly backup failed, will retry: %s", err)
            return None
        self.done_for = local.date()
        for old in self.copies()[: -self.policy.keep]:
            old.unlink(missing_ok=True)
        log.info("nightly backup written: %s", made)
        return made
