"""Engines, connection settings and migrations for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import errno
import logging
import shutil
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

log = logging.getLogger(__name__)


class StorageError(Exception):
    """The database could not be opened or migrated."""


def is_disk_full(err: BaseException) -> bool:
    """True when `err` (or what it wraps) says the database's disk is full: SQLite's SQLITE_FULL, ENOSPC, or
    PostgreSQL's disk_full (SQLSTATE 53100)."""
    seen: BaseException | None = err
    for _ in range(5):
        if seen is None:
            return False
        if isinstance(seen, OSError) and seen.errno == errno.ENOSPC:
            return True
        if "database or disk is full" in str(seen) or getattr(seen, "sqlite_errorcode", None) == 13:
            return True
        if getattr(seen, "sqlstate", None) == "53100":
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False


def free_bytes(url: str) -> int | None:
    """Free space where a SQLite database lives (None for PostgreSQL: its disk is the database server's)."""
    if not is_sqlite(url):
        return None
    path = make_url(normalise_url(url)).database
    folder = Path(path).parent if path else None
    try:
        return shutil.disk_usage(folder).free if folder is not None and folder.exists() else None
    except OSError:
        return None


def default_sqlite_url() -> str:
    from platformdirs import user_data_dir  # only when no --db is given

    folder = Path(user_data_dir("jiaohao", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'jiaohao.db'}"


def safe_url(url: str) -> str:
    """The URL for banners and messages: the password masked (and `url` itself when it does not parse)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(不是有效的数据库地址)"


def _parse(url: str) -> URL:
    """One clear line for a URL that cannot work, before any driver is loaded."""
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise StorageError(
            f"数据库地址无效：{safe_url(url)}；应为 sqlite:///文件路径 或 postgresql://用户:密码@主机/库名"
        ) from err
    if parsed.get_backend_name() not in ("sqlite", "postgresql", "postgres"):
        raise StorageError(
            f"不支持的数据库：{parsed.get_backend_name()}（{safe_url(url)}）；只支持 SQLite 和 PostgreSQL"
        )
    return parsed


def normalise_url(url: str) -> str:
    """Accept plain `postgresql://` and pick the psycopg 3 driver we ship."""
    parsed = _parse(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Durable: WAL + synchronous=FULL fsyncs the log on every commit, so a ticket answered 201 survives
    # kill -9 and power loss. isolation_level=None hands transaction control to SQLAlchemy's BEGIN below,
    # which pysqlite would otherwise issue lazily and break SAVEPOINTs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, *, writer: bool) -> Engine:
    """The writer engine takes the database's write lock at BEGIN; readers never block it (WAL / MVCC)."""
    url = normalise_url(url)
    if is_sqlite(url):
        path = make_url(url).database
        if not path or path == ":memory:":
            raise StorageError("an in-memory SQLite database cannot be shared by the writer and readers; use a file")
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StorageError(f"无法在 {Path(path).parent} 创建数据库文件：{err.strerror}") from err
        # One connection for the single writer thread; a small pool for readers.
        pool: dict[str, Any] = {"poolclass": StaticPool} if writer else {"pool_size": 8, "max_overflow": 8}
        engine = create_engine(url, connect_args={"check_same_thread": False}, **pool)
        event.listen(engine, "connect", _sqlite_pragmas)
        begin_sql = "BEGIN IMMEDIATE" if writer else "BEGIN"

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql(begin_sql)

        return engine
    return create_engine(url, pool_size=4 if writer else 8, max_overflow=8, pool_pre_ping=True)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "server.storage:migrations")
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe to run from several processes at once on PostgreSQL."""
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # One migrator at a time when several server processes start together.
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(74656)")
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as err:  # alembic and drivers raise many types; all mean the same to an operator
        reason = (str(err).strip().splitlines() or [type(err).__name__])[0]  # one line, not a driver's essay
        where = engine.url.render_as_string(hide_password=True)
        raise StorageError(f"无法打开或升级数据库 {where}：{reason}") from err


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
