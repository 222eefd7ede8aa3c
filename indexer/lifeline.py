"""Child processes that end with the `papers` process that started them.

A `kill -9` of `papers` gives it no chance to stop its children. Left alone,
a crawl child goes on crawling and forked Whoosh writers hold the index lock
for ever. A helper that can simply die asks the kernel (Linux:
PR_SET_PDEATHSIG) to kill it when its parent dies; the crawl child, which
must stop cleanly to record its run, polls for its parent (`watch_parent`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
POLL_SECONDS = 0.25


def die_with_parent(sig: int = signal.SIGKILL, parent_pid: int | None = None) -> bool:
    """Have the kernel send `sig` to this process when its parent dies.

    Returns False where the kernel cannot (not Linux). `parent_pid`, when
    given, closes the race of a parent that died before the call.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if parent_pid is not None and os.getppid() != parent_pid:
        os.kill(os.getpid(), sig)  # the parent is already gone
    return True


def watch_parent(parent_pid: int, on_gone: Callable[[], None]) -> threading.Thread:
    """Call `on_gone` once, from a daemon thread, when `parent_pid` is no longer our parent."""

    def poll() -> None:
        while os.getppid() == parent_pid:
            time.sleep(POLL_SECONDS)
        on_gone()

    thread = threading.Thread(target=poll, name="parent-watch", daemon=True)
    thread.start()
    return thread
