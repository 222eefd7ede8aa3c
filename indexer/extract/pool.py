"""Extraction on every core, with a hard time limit per document.

Each worker process reads one file at a time. A worker that overruns its
document's time limit (a pathological PDF can loop inside pdfium, where no
Python check can stop it) is killed and replaced; the document is marked
`too_large` and the run goes on. A worker that dies is replaced the same way
and its document marked `failed`. Each worker's memory is capped
(RLIMIT_AS): a file that needs more is marked `too_large` rather than
taking the machine's memory. Workers end with the process that started them.

A single worker holds two documents: the one it reads and the next, waiting
in its pipe, so it starts the next the moment it sends a text back instead
of idling while the caller stores that text. Several workers take one each:
a document sent to a busy worker could wait there behind a long one while
another worker sits idle.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
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
# Documents given to a lone worker at once: the one it reads and the next.
LONE_WORKER_DEPTH = 2


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
        self.jobs: deque[Job] = deque()  # the first is being read
        self.deadline = 0.0

    def give(self, job: Job, seconds: float) -> None:
        if not self.jobs:
            self.started(seconds)
        self.jobs.append(job)
        self.conn.send((str(job.path), job.content_type))

    def started(self, seconds: float) -> None:
        """The first job (or the one about to be given) is being read from now."""
        self.deadline = time.monotonic() + seconds + GRACE_SECONDS

    def done(self, seconds: float) -> Job:
        """The first job's result has come back: the worker reads the next."""
        job = self.jobs.popleft()
        if self.jobs:
            self.started(seconds)
        return job

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
    depth = LONE_WORKER_DEPTH if size == 1 else 1
    running: list[_Worker] = []

    def replace(worker: _Worker) -> Job:
        """Kill a worker stuck on or killed by its first job, start another in its
        place, and put the job waiting behind that one back at the head of the queue."""
        worker.kill()
        running[running.index(worker)] = _Worker(context, limits)
        job = worker.jobs.popleft()
        queue.extend(reversed(worker.jobs))
        return job

    try:
        running = [_Worker(context, limits) for _ in range(size)]
        while True:
            for worker in running:
                while queue and len(worker.jobs) < depth:
                    worker.give(queue.pop(), limits.seconds)
            busy = {w.conn: w for w in running if w.jobs}
            if not busy:
                break
            timeout = max(0.0, min(w.deadline for w in busy.values()) - time.monotonic())
            for conn in wait(list(busy), timeout=timeout):
                worker = busy.pop(cast(Connection, conn))
                try:
                    result: ExtractionResult = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(timeout=5)  # its pipe can close before it has ended
                    code = worker.process.exitcode
                    yield replace(worker).key, _crashed(code, limits)
                    continue
                yield worker.done(limits.seconds).key, result
            now = time.monotonic()
            for worker in busy.values():
                if worker.deadline <= now:
                    job = replace(worker)
                    yield (
                        job.key,
                        ExtractionResult(
                            "too_large",
                            error=f"reading took longer than {limits.seconds:g} seconds and "
                            "was stopped (PAPERS_EXTRACT_SECONDS)",
                        ),
                    )
    finally:
        for worker in running:
            if worker.jobs:
                worker.kill()
            else:
                worker.stop()
