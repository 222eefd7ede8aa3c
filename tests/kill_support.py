"""Finding a process's descendants and waiting for them to end (Linux /proc)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

PROC = Path("/proc")


def _parents() -> dict[int, int]:
    """pid → parent pid, for every live (not zombie) process."""
    parents = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended while we looked
        state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
        if state != "Z":
            parents[int(entry.name)] = int(ppid)
    return parents


def descendants(pid: int) -> set[int]:
    """Every live process below `pid`, children of children included."""
    if not PROC.joinpath("self").exists():
        pytest.skip("needs /proc (Linux) to find child processes")
    parents = _parents()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    """The ones of `pids` still running (a zombie waiting to be reaped has ended)."""
    return pids & set(_parents())


def wait_for(pids: set[int], timeout: float) -> set[int]:
    """Wait until every pid has ended; returns those still alive after `timeout`
    (generous: it only catches a process that never ends)."""
    deadline = time.monotonic() + timeout
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(pids)


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Poll `condition` until it holds; fail saying `what` did not happen (a hang)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.02)
