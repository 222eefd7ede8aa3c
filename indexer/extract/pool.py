"""Extraction on every core, with a hard time limit per document.

Each worker process reads one file at a time. A worker that overruns its
document's time limit (a pathological PDF can loop inside pdfium, where no
Python check can stop it) is killed and replaced; the document is marked
`too_large` and the run goes on. A worker that dies is replaced the same way
and its document marked `failed`. Each worker's memory is capped
(RLIMIT_AS): a file that needs more is marked `too_large` rather than
taking the machine's memory. Workers end with the process that started them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, cast

from indexer.extract.read import extract_file
from indexer.extract.result import ExtractionResult, Limits
from indexer.lifeline import die_with_parent

try:
    import resource
except ImportError:  # Windows: no memory cap
    resource = None  # type: ignore[assignment]


def start_method() -> str:
    """fork when it is safe (one thread: a fork starts in milliseconds), else a
    clean server process. A crawl calls this with Scrapy's threads running,
    and forking a threaded process can deadlock in the child."""
    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


# Time a worker gets beyond the limit to stop cleanly (with a page count
# and a reason) before it is killed.
GRACE_SECONDS = 2.0


@dataclass(frozen=True)
class Job:
    key: Hashable  # the caller's name for the document, returned with its result
    path: Path
    content_type: str | None = None


def cap_memory(megabytes: int) -> None:
    """Let this process take `megabytes` more address space than it holds now,
    so allocations beyond that fail here. Counted from now: a forked worker
    starts with its parent's mappings, which a long-lived parent makes large."""
    if resource is None:
        return
    wanted = _address_space() + megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _address_space() -> int:
    """This process's virtual size in bytes (0 where /proc cannot tell)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _serve(conn: Connection, limits: Limits, parent_pid: int | None) -> None:
    """Worker loop: read (path, content_type), answer with an ExtractionResult."""
    # Ctrl-C reaches the whole process group: the parent decides what stops
    # (it kills busy workers), so a worker prints no traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent_pid=parent_pid)
    cap_memory(limits.memory_mb)
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        path, content_type = request
        conn.send(extract_file(path, content_type, limits))


class _Worker:
    def __init__(self, context: Any, limits: Limits) -> None:
        self.conn, child = context.Pipe()
        # A forked worker's parent is us (and may die before the worker starts);
        # a forkserver's workers are the server's children.
        parent = os.getpid() if context.get_start_method() == "fork" else None
        self.process = context.Process(target=_serve, args=(child, limits, parent), daemon=True)
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.deadline = 0.0

    def give(self, job: Job, seconds: float) -> None:
        self.job = job
        self.deadline = time.monotonic() + seconds + GRACE_SECONDS
        self.conn.send((str(job.path), job.content_type))

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _crashed(code: int | None, limits: Limits) -> ExtractionResult:
    """A worker died reading a file. pdfium ends the process when an allocation
    fails (SIGTRAP or SIGABRT), which under the memory cap means: too large."""
    if code in (-signal.SIGTRAP, -signal.SIGABRT):
        return limits.out_of_memory()
    return ExtractionResult("failed", error=f"the reader crashed on this file (exit code {code})")


def extract_many(
    jobs: Sequence[Job], limits: Limits | None = None, workers: int | None = None
) -> Iterator[tuple[Hashable, ExtractionResult]]:
    """Yield (key, result) for every job, in the order they finish."""
    limits = limits or Limits()
    if not jobs:
        return
    size = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    method = start_method()
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # The server imports the readers once; workers fork from it ready to go.
        context.set_forkserver_preload(["indexer.extract.read"])
    queue = list(reversed(jobs))
    idle: list[_Worker] = []
    busy: dict[Connection, _Worker] = {}
    try:
        idle = [_Worker(context, limits) for _ in range(size)]
        while queue or busy:
            while queue and idle:
                worker = idle.pop()
                worker.give(queue.pop(), limits.seconds)
                busy[worker.conn] = worker
            timeout = max(0.0, min(w.deadline for w in busy.values()) - time.monotonic())
            for conn in wait(list(busy), timeout=timeout):
                worker = busy.pop(cast(Connection, conn))
                job = worker.job
                assert job is not None
                try:
                    result: ExtractionResult = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(timeout=5)  # its pipe can close before it has ended
                    code = worker.process.exitcode
                    worker.kill()
                    worker = _Worker(context, limits)
                    result = _crashed(code, limits)
                idle.append(worker)
                yield job.key, result
            now = time.monotonic()
            for conn, worker in list(busy.items()):
                if worker.deadline <= now:
                    del busy[conn]
                    job = worker.job
                    assert job is not None
                    worker.kill()
                    idle.append(_Worker(context, limits))
                    yield (
                        job.key,
                        ExtractionResult(
                            "too_large",
                            error=f"reading took longer than {limits.seconds:g} seconds and "
                            "was stopped (PAPERS_EXTRACT_SECONDS)",
                        ),
                    )
    finally:
        for worker in idle:
            worker.stop()
        for worker in busy.values():
            worker.kill()
