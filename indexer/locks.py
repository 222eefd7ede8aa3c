"""An exclusive lock between `papers` processes sharing one home folder.

Used where two runs at once would trip over each other (two `papers watch
run`s recording the same new hits). The lock is an advisory `flock` on a
file in the home, released by the kernel if the process dies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; runs are not serialised there
    fcntl = None  # type: ignore[assignment]


@contextmanager
def exclusive(
    path: Path, what: str, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold `path` locked for the block; if another process holds it, say so and wait."""
    if fcntl is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting(f"Another {what} is running in this home; waiting for it to finish...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
