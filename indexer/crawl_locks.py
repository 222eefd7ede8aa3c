"""Per-council and per-site locks that hold across processes and machines.

Two crawls of one council at once race on the same rows; two crawls of one
site at once (two councils on one host) double the load on the council's
server. A crawl holds both, wherever it runs: `papers crawl`, or a queue
worker on any machine.

On PostgreSQL they are session advisory locks on a connection of their own
(advisory locks belong to one database, so every machine sharing it sees
them); on SQLite, flock'd files beside the database (one machine). Either
way the crawl child inherits the descriptor (the connection's socket, the
lock file): a crawl orphaned by a killed parent keeps its council locked
until it has stopped too, since the kernel closes the socket (and
PostgreSQL then ends the session and its locks) only when every process
holding it has gone.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Protocol
from urllib.parse import urlsplit

from indexer import locks
from indexer.home import Home
from indexer.locks import BusyError, read_holder, try_flock, write_holder


class LockBusyError(BusyError):
    """Another crawl holds the council (or its site)."""

    def __init__(self, message: str, *, site: bool) -> None:
        super().__init__(message)
        self.site = site


def council_lock_name(slug: str) -> str:
    return f"council:{slug}"


def site_lock_name(base_url: str) -> str:
    """One lock per host and port: councils served from one site share it."""
    parts = urlsplit(base_url)
    port = parts.port or {"https": 443, "http": 80}.get(parts.scheme, 0)
    return f"site:{(parts.hostname or '').lower()}:{port}"


class CrawlLocks(Protocol):
    def acquire(self, name: str) -> None:
        """Take the lock `name` now, or raise LockBusyError naming its holder."""
        ...

    def release(self, name: str) -> None: ...

    @property
    def fds(self) -> list[int]:
        """Descriptors a crawl child inherits to hold the locks with us."""
        ...


@contextmanager
def crawl_locks(home: Home) -> Iterator[CrawlLocks]:
    """The locks of the home's database; every lock still held is released after."""
    if home.database_url.startswith("postgres"):
        with _postgres_locks(home.database_url) as locks:
            yield locks
        return
    files = _FileLocks(_lock_folder(home))
    try:
        yield files
    finally:
        files.close()


def _busy(name: str, holder: str) -> LockBusyError:
    kind, _, what = name.partition(":")
    held = f" ({holder})" if holder else ""
    if kind == "council":
        return LockBusyError(f"Council {what!r} is being crawled by another run{held}", site=False)
    return LockBusyError(f"Its site {what} is being crawled by another run{held}", site=True)


def _holder_text() -> str:
    return f"pid {os.getpid()} on {socket.gethostname()}"


def _key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for a lock name."""
    digest = hashlib.sha256(f"papers:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def _postgres_locks(url: str) -> Iterator[_PostgresLocks]:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    # Its own connection, never pooled: the locks live and die with it.
    engine = create_engine(
        url, poolclass=NullPool, connect_args={"application_name": f"papers {_holder_text()}"}
    )
    connection = engine.raw_connection()
    try:
        connection.driver_connection.autocommit = True  # type: ignore[union-attr]
        yield _PostgresLocks(connection)
    finally:
        connection.close()  # ends the session: every lock still held goes with it
        engine.dispose()


class _PostgresLocks:
    def __init__(self, connection: Any) -> None:
        self.connection = connection

    def _scalar(self, sql: str, *args: object) -> Any:
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, args)
            row = cursor.fetchone()
            return row[0] if row else None
        finally:
            cursor.close()

    def acquire(self, name: str) -> None:
        if not self._scalar("SELECT pg_try_advisory_lock(%s)", _key(name)):
            raise _busy(name, self._holder(name))

    def release(self, name: str) -> None:
        self._scalar("SELECT pg_advisory_unlock(%s)", _key(name))

    def _holder(self, name: str) -> str:
        """The holder's application name ("papers pid 12 on host"), from pg_locks."""
        key = _key(name) & 0xFFFFFFFFFFFFFFFF
        found = self._scalar(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid)"
            " WHERE l.locktype = 'advisory' AND l.classid::bigint = %s"
            " AND l.objid::bigint = %s AND l.granted LIMIT 1",
            key >> 32,
            key & 0xFFFFFFFF,
        )
        return str(found or "").removeprefix("papers ")

    @property
    def fds(self) -> list[int]:
        return [self.connection.driver_connection.fileno()]


def _lock_folder(home: Home) -> Path:
    """Beside the SQLite database: every home sharing it shares its locks."""
    from sqlalchemy.engine import make_url

    database = make_url(home.database_url).database
    if database and database != ":memory:":
        return Path(database).resolve().parent / "locks"
    return home.root / "locks"


class _FileLocks:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.held: dict[str, IO[str]] = {}

    def acquire(self, name: str) -> None:
        if locks.fcntl is None:  # Windows: no flock; crawls are not serialised there
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
        handle = (self.folder / f"{safe}.lock").open("a+")
        if not try_flock(handle):
            holder = read_holder(handle)
            handle.close()
            raise _busy(name, holder)
        write_holder(handle, _holder_text())
        self.held[name] = handle

    def release(self, name: str) -> None:
        handle = self.held.pop(name, None)
        if handle is not None:
            handle.close()  # the lock goes once no crawl child holds it either

    @property
    def fds(self) -> list[int]:
        return [handle.fileno() for handle in self.held.values()]

    def close(self) -> None:
        for name in list(self.held):
            self.release(name)
