"""The one pipeline: hand each item to the store (indexer.store.crawl).

Settings it reads: PAPERS_HOME (the home folder), PAPERS_DATABASE_URL,
PAPERS_FILES (where files are stored) and PAPERS_COUNCIL (the council's
slug); under a plain `scrapy crawl` the home comes from the environment as
for `papers` (scraper/standalone.py) and the council from the spider. The
database is created and migrated when needed. Each outcome is also
reported through the PAPERS_PROGRESS callable, which `scraper.run` turns
into JSON lines for the parent process.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler

from indexer.db import open_database
from indexer.home import Home
from indexer.store.crawl import CrawlStore
from scraper.items import (
    CommitteeItem,
    DocumentFileItem,
    FetchErrorItem,
    MeetingItem,
)
from scraper.standalone import home_for

Progress = Callable[[dict[str, Any]], None]


def _no_progress(_event: dict[str, Any]) -> None:
    """Progress reports go nowhere when no one listens (e.g. `scrapy crawl`)."""


class StorePipeline:
    """Writes committees, meetings, files and fetch errors to the database."""

    def __init__(self, home: Home, council: str, progress: Progress) -> None:
        self.home = home
        self.council = council
        self.progress = progress
        self.store: CrawlStore | None = None
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        pipeline = cls(
            home=home_for(settings),
            council=settings.get("PAPERS_COUNCIL") or "",
            progress=settings.get("PAPERS_PROGRESS") or _no_progress,
        )
        pipeline.crawler = crawler
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        # `scrapy crawl moderngov -a council=SLUG ...` names the council on the spider.
        spider = self.crawler.spider if self.crawler else None
        if getattr(spider, "refusal", None):
            return  # the spider says why and stops: no run to record
        self.council = self.council or getattr(spider, "council", "")
        self.engine = open_database(self.home)
        self.store = CrawlStore(self.engine, self.home.files, self.council)
        run_id = self.store.start_run()
        self.progress({"event": "started", "council": self.council, "run_id": run_id})

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Close the run here: this signal carries why the crawl ended."""
        if self.store is None:
            return
        summary = self.store.finish_run(reason)
        self.engine.dispose()
        counts = ", ".join(f"{n} {key.replace('_', ' ')}" for key, n in summary["counts"].items())
        spider.logger.info("Crawl of %s: %s (%s)", self.council, summary["status"], counts)
        self.progress({"event": "finished", "council": self.council, **summary})

    def spider_error(self, failure: Any, response: Any, spider: Spider) -> None:
        """A callback that raised (a page the parsers could not read): record it."""
        if self.store is not None:
            reason = f"could not read the page: {failure.getErrorMessage()}"
            self.store.record_error(response.url, reason)
            self.progress({"event": "error", "url": response.url, "reason": reason})

    def process_item(self, item: Any) -> Any:
        assert self.store is not None
        adapter = ItemAdapter(item)
        if isinstance(item, CommitteeItem):
            self.store.store_committee(item)
        elif isinstance(item, MeetingItem):
            outcome = self.store.store_meeting(item)
            self.progress({"event": "meeting", "outcome": outcome, "url": adapter.get("url")})
        elif isinstance(item, DocumentFileItem):
            outcome = self.store.store_document_file(item)
            self.progress(
                {
                    "event": "document",
                    "outcome": outcome,
                    "url": adapter.get("url"),
                    "reason": adapter.get("error"),
                }
            )
        elif isinstance(item, FetchErrorItem):
            self.store.record_error(adapter.get("url"), adapter.get("reason"))
            self.progress(
                {"event": "error", "url": adapter.get("url"), "reason": adapter.get("reason")}
            )
        return item
