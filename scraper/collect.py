"""Crawl, read and index one council: what `papers crawl` and a queue worker both run.

The council's lock is held from the crawl to the end of reading (two runs
reading one council's new papers would race on the same rows); its site's
lock only for the crawl, so another council on the same site can be crawled
while this one's papers are read. The caller shows progress through a
`Display`: live lines in a terminal, log lines in a worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from indexer.crawl_locks import council_lock_name, crawl_locks, site_lock_name
from indexer.home import Home
from indexer.models import utcnow
from indexer.process import ReadingProgress, process
from scraper.run import CrawlJob, Event, run_crawl

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from indexer.search_index import IndexCounts


class Display(Protocol):
    def crawling(self, slug: str) -> AbstractContextManager[Callable[[Event], None]]:
        """Around the crawl: yields what each crawl event is told to."""
        ...

    def crawled(self, slug: str, summary: Event) -> None:
        """The crawl's 'finished' event: its status, counts and errors."""
        ...

    def reading(self, slug: str) -> AbstractContextManager[ReadingProgress]:
        """Around reading the new papers: yields the reading progress callback."""
        ...

    def read(self, engine: Engine, slug: str, counts: dict[str, int], started: datetime) -> None:
        """What reading gave (`started`: when it began, for what was read since)."""
        ...


@dataclass
class CouncilRun:
    summary: Event  # the crawl's 'finished' event
    read: dict[str, int]  # indexer.process counts
    indexed: IndexCounts | None  # None when the index was left for later


def collect_council(
    home: Home,
    engine: Engine,
    job: CrawlJob,
    display: Display,
    *,
    index: bool = True,
    inherit: Sequence[int] = (),
) -> CouncilRun:
    """Crawl the council under its locks, read what the crawl stored, update the index.

    Raises LockBusyError when another run holds the council or its site, and
    CrawlError when the crawl process could not run to the end.
    `inherit`: more descriptors the crawl child keeps (`papers crawl`'s home lock).
    """
    council, site = council_lock_name(job.council), site_lock_name(job.base_url)
    with crawl_locks(home) as locks:
        locks.acquire(council)
        locks.acquire(site)
        with display.crawling(job.council) as on_event:
            summary = run_crawl(home, job, on_event, [*inherit, *locks.fds])
        locks.release(site)
        display.crawled(job.council, summary)
        started = utcnow()
        with display.reading(job.council) as progress:
            counts = process(engine, home, job.council, progress)
        display.read(engine, job.council, counts, started)
    indexed = None
    if index:
        from indexer.search_index import update_index

        indexed = update_index(engine, home)
    return CouncilRun(summary, counts, indexed)
