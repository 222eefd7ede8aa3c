"""The queue's one job: crawl, read and index one council (scraper.collect).

A job whose council or site is busy (another worker, or a `papers crawl`,
holds its lock) waits and tries again, up to BUSY_RETRIES times: it is not
skipped, since the run holding the lock may be an orphan of a killed worker
that is stopping, not a crawl that will finish. A crawl that fails (the site
gave nothing but errors, or the crawl process died) is recorded in
crawl_runs like any crawl, tried again up to CRAWL_RETRIES times, then left
for `papers status` to show.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from indexer.crawl_locks import LockBusyError
from indexer.home import Home
from indexer.process import ReadingProgress, no_progress
from scraper.collect import collect_council
from scraper.run import CrawlError, CrawlJob, Event

if TYPE_CHECKING:
    from celery import Celery, Task
    from sqlalchemy import Engine

    from scraper.queue.settings import QueueSettings

TASK_NAME = "papers.crawl_council"
BUSY_RETRIES = 720  # at the default 60 s: 12 hours of waiting for a lock
CRAWL_RETRIES = 2
OK_STATUSES = ("ok", "ok_with_errors")

log = logging.getLogger("papers.queue")
_engines: dict[str, Engine] = {}  # one per database for the worker's life


def register(app: Celery) -> None:
    # Not shared: each app (one per queue settings) has its own task.
    @app.task(name=TASK_NAME, bind=True, max_retries=BUSY_RETRIES, shared=False)
    def crawl_council(
        self: Task,
        council: str,
        since: str,
        until: str,
        committee: str | None = None,
        download: bool = True,
        failures: int = 0,
    ) -> None:
        run_job(
            self,
            council,
            date.fromisoformat(since),
            date.fromisoformat(until),
            committee,
            download,
            failures,
        )


def run_job(
    task: Task,
    slug: str,
    since: date,
    until: date,
    committee: str | None,
    download: bool,
    failures: int,
) -> None:
    settings: QueueSettings = task.app.conf.papers_queue
    home = Home.from_env(task.app.conf.papers_home)
    engine = _engine(home)
    job_id = task.request.id
    log.info("%s: started (job %s, try %d)", slug, job_id, task.request.retries + 1)
    council = _council(engine, slug)
    if council is None:
        log.warning("%s: no such council in the database; job dropped", slug)
        _unmark(settings, slug, job_id)
        return
    job = CrawlJob(
        council=slug,
        base_url=council.base_url or "",
        since=since,
        until=until,
        committee=committee,
        download=download,
        platform=council.platform,
    )
    try:
        run = collect_council(home, engine, job, LogDisplay(settings, job_id))
    except LockBusyError as exc:
        if task.request.retries >= BUSY_RETRIES:
            log.error("%s: %s, for %d tries; giving up", slug, exc, BUSY_RETRIES)
            return
        log.info("%s: %s; trying again in %g s", slug, exc, settings.retry_seconds)
        raise task.retry(countdown=settings.retry_seconds) from None
    except CrawlError as exc:
        _failed(task, settings, slug, str(exc), failures)
        return
    status = run.summary["status"]
    if status not in OK_STATUSES:
        _failed(task, settings, slug, f"crawl {status}", failures)
        return
    log.info("%s: done (%s)", slug, status)


def _failed(task: Task, settings: QueueSettings, slug: str, why: str, failures: int) -> None:
    if failures < CRAWL_RETRIES:
        wait = settings.retry_seconds * (failures + 1)
        log.warning("%s: %s; trying again in %g s", slug, why, wait)
        kwargs = {**task.request.kwargs, "failures": failures + 1}
        raise task.retry(countdown=wait, kwargs=kwargs)
    log.error("%s: %s, %d times; giving up (see `papers status`)", slug, why, failures + 1)


class LogDisplay:
    """A worker's scraper.collect.Display: log lines, and the council's mark cleared."""

    def __init__(self, settings: QueueSettings, job_id: str) -> None:
        self.settings = settings
        self.job_id = job_id

    @contextmanager
    def crawling(self, slug: str) -> Iterator[Callable[[Event], None]]:
        # The crawl starts: asking for this council again now queues a new job.
        _unmark(self.settings, slug, self.job_id)
        log.info("%s: crawling", slug)
        yield lambda event: None

    def crawled(self, slug: str, summary: Event) -> None:
        counts = summary["counts"]
        log.info(
            "%s: crawl %s: meetings %d new, %d changed, %d unchanged; documents %d downloaded,"
            " %d unchanged, %d failed; pages failed %d",
            slug,
            summary["status"],
            counts["meetings_new"],
            counts["meetings_changed"],
            counts["meetings_unchanged"],
            counts["documents_downloaded"],
            counts["documents_unchanged"],
            counts["documents_failed"],
            counts["pages_failed"],
        )

    @contextmanager
    def reading(self, slug: str) -> Iterator[ReadingProgress]:
        yield no_progress

    def read(self, engine: Engine, slug: str, counts: dict[str, int], started: datetime) -> None:
        found = ", ".join(f"{n} {key.replace('_', ' ')}" for key, n in sorted(counts.items()) if n)
        log.info("%s: read %s", slug, found or "nothing new")


def _engine(home: Home) -> Engine:
    if home.database_url not in _engines:
        from indexer.db import open_database

        _engines[home.database_url] = open_database(home)
    return _engines[home.database_url]


def _council(engine: Engine, slug: str) -> Any:
    from indexer.errors import NotFoundError
    from indexer.store.councils import get_council

    try:
        return get_council(engine, slug)
    except NotFoundError:
        return None


def _unmark(settings: QueueSettings, slug: str, job_id: str) -> None:
    from scraper.queue import marks

    marks.unmark(marks.connect(settings), settings, slug, job_id)
