"""Exclusive locks between `papers` processes sharing one home folder.

Used where two runs at once would trip over each other: two `papers watch
run`s recording the same new hits, two crawls writing the same rows. A lock
is an advisory `flock` on a file in the home, released by the kernel when
every process holding it has ended, so a killed run never leaves a stale
lock. The holder writes its pid and what it is doing into the file, for the
message another run prints.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from indexer.errors import PapersError

try:
    import fcntl
except ImportError:  # Windows: no flock; runs are not serialised there
    fcntl = None  # type: ignore[assignment]


class BusyError(PapersError):
    """Another process holds the lock."""


def crawl_lock(home_root: Path) -> Path:
    """The lock `papers crawl` holds (with its crawl child) while it runs."""
    return home_root / "crawl.lock"


def is_held(path: Path) -> bool:
    """Whether some process holds the lock at `path` now."""
    if fcntl is None or not path.exists():
        return False
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


@contextmanager
def exclusive(
    path: Path, what: str, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold `path` locked for the block; if another process holds it, say so and wait."""
    with _locked(path, what, wait=True, waiting=waiting):
        yield


@contextmanager
def exclusive_or_fail(path: Path, what: str) -> Iterator[IO[str] | None]:
    """Hold `path` locked for the block, or raise BusyError naming the holder.

    Yields the open lock file (None where there is no flock): a child process
    that inherits its descriptor keeps the lock held until it ends too.
    """
    with _locked(path, what, wait=False) as handle:
        yield handle


@contextmanager
def _locked(
    path: Path, what: str, *, wait: bool, waiting: Callable[[str], None] | None = None
) -> Iterator[IO[str] | None]:
    if fcntl is None:
        yield None
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        if not try_flock(handle):
            holder = _holder(handle)
            if not wait:
                raise BusyError(
                    f"{what[:1].upper()}{what[1:]} is already running in this home{holder}; "
                    "wait for it to finish, or stop it first"
                ) from None
            if waiting is not None:
                waiting(
                    f"Another {what} is running in this home{holder}; waiting for it to finish..."
                )
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            write_holder(
                handle, f"pid {os.getpid()}, started {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
            )
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def try_flock(handle: IO[str]) -> bool:
    """Lock the open lock file now if no other process holds it (flock must exist)."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def read_holder(handle: IO[str]) -> str:
    """What the holder wrote into the lock file ("" when nothing)."""
    handle.seek(0)
    return handle.readline().strip()


def write_holder(handle: IO[str], text: str) -> None:
    """Say in the held lock file who holds it, for the message another run prints."""
    handle.seek(0)
    handle.truncate()
    handle.write(text + "\n")
    handle.flush()


def _holder(handle: IO[str]) -> str:
    """ " (pid 123, started ...)" from the lock file, or "" when it says nothing."""
    said = read_holder(handle)
    return f" ({said})" if said else ""
