"""Copies of a SQLite hall database, taken and put back with SQLite's online backup API.

The online backup copies a consistent snapshot page by page while the server keeps writing (WAL mode), so a
backup never stops the hall. Restoring copies the other way, over every page of the target: stop the server
first (its in-memory hall would not know), then start it again; migrations on start bring an older copy up
to date. PostgreSQL halls use pg_dump / pg_restore instead (docs/deploy.md).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import make_url

from .database import StorageError, is_sqlite

__all__ = ["back_up", "check_backup", "restore", "sqlite_path"]

_PAGES_PER_STEP = 1024  # the writer gets the database back between steps: a big hall's backup never stalls it
_NEEDED_TABLES = {"alembic_version", "halls", "tickets", "events"}


def sqlite_path(db_url: str) -> Path | None:
    """The database file of a SQLite URL; None for another database (or an in-memory one)."""
    if not is_sqlite(db_url):
        return None
    database = make_url(db_url).database
    return Path(database) if database and database != ":memory:" else None


def _require_file(db_url: str) -> Path:
    path = sqlite_path(db_url)
    if path is None:
        raise StorageError(
            "只能备份 SQLite 数据库文件；PostgreSQL 请用 pg_dump / pg_restore（见 docs/deploy.md）"
        )
    return path


def back_up(db_url: str, out: Path) -> Path:
    """Write a consistent copy of the database to `out` (written beside it, then renamed: never half a file)."""
    source = _require_file(db_url)
    if not source.exists():
        raise StorageError(f"数据库文件不存在：{source}")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst, pages=_PAGES_PER_STEP)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        finally:
            dst.close()
    except sqlite3.Error as err:
        partial.unlink(missing_ok=True)
        raise StorageError(f"备份失败：{err}") from err
    finally:
        src.close()
    partial.replace(out)
    return out


def check_backup(path: Path) -> None:
    """Refuse a file that is not a sound copy of a hall database, before anything is overwritten."""
    if not path.is_file():
        raise StorageError(f"备份文件不存在：{path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise StorageError(f"{path} 不是叫号系统的备份文件：{err}") from err
    if verdict != "ok":
        raise StorageError(f"{path} 已损坏：{verdict}")
    missing = _NEEDED_TABLES - tables
    if missing:
        raise StorageError(f"{path} 不是叫号系统的备份文件（缺少数据表：{'、'.join(sorted(missing))}）")


def restore(backup: Path, db_url: str) -> Path:
    """Replace the database at `db_url` with the copy in `backup` (checked first)."""
    target = _require_file(db_url)
    check_backup(backup)
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target, timeout=5)
        try:
            dst.execute("PRAGMA journal_mode=WAL")  # as the server runs it
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as err:
        raise StorageError(f"恢复失败（服务器是否仍在运行？）：{err}") from err
    finally:
        src.close()
    return target
