"""The one pipeline: hand each item to the store (indexer.store.crawl).

Settings it reads: PAPERS_HOME (the home folder), PAPERS_DATABASE_URL,
PAPERS_FILES (where files are stored; else the PAPERS_FILES variable, else
HOME/files) and PAPERS_COUNCIL (the council's slug). Each outcome is also reported through
the PAPERS_PROGRESS callable, which `scraper.run` turns into JSON lines for
the parent process.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler

from indexer.db import make_engine
from indexer.store.crawl import CrawlStore
from indexer.store.filestore import FileStore, store_from_env
from scraper.items import (
    CommitteeItem,
    DocumentFileItem,
    FetchErrorItem,
    MeetingItem,
)

Progress = Callable[[dict[str, Any]], None]


def _no_progress(_event: dict[str, Any]) -> None:
    """Progress reports go nowhere when no one listens (e.g. `scrapy crawl`)."""


class StorePipeline:
    """Writes committees, meetings, files and fetch errors to the database."""

    def __init__(
        self, files: FileStore, database_url: str, council: str, progress: Progress
    ) -> None:
        self.files = files
        self.database_url = database_url
        self.council = council
        self.progress = progress
        self.store: CrawlStore | None = None
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        settings = crawler.settings
        home = Path(settings.get("PAPERS_HOME") or "papers-data")
        files = settings.get("PAPERS_FILES") or os.environ.get("PAPERS_FILES")
        pipeline = cls(
            files=store_from_env(home, files),
            database_url=settings.get("PAPERS_DATABASE_URL") or f"sqlite:///{home / 'papers.db'}",
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
        self.council = self.council or getattr(spider, "council", "")
        self.engine = make_engine(self.database_url)
        self.store = CrawlStore(self.engine, self.files, self.council)
        run_id = self.store.start_run()
        self.progress({"event": "started", "council": self.council, "run_id": run_id})

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Close the run here: this signal carries why the crawl ended."""
        if self.store is None:
            return
        summary = self.store.finish_run(reason)
        self.engine.dispose()
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
