"""When a plain `scrapy crawl` ends, read what it stored and update the search index.

`papers crawl` reads a council's new papers itself once its crawl child ends,
and tells the child so (PAPERS_READ_AFTER_CRAWL = False). A crawl run the
Scrapy way (`scrapy crawl moderngov -a council=SLUG`, or under Scrapyd) has no
one after it, so this does the same reading (text, then structure, see
indexer/process.py) and indexing here. `-s PAPERS_READ_AFTER_CRAWL=0` leaves
the papers pending for a later `papers process SLUG`.
"""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from indexer.db import open_database
from indexer.home import Home
from indexer.process import describe_processing, process
from indexer.store.crawl import INTERRUPTED_REASONS
from scraper.standalone import home_for

log = logging.getLogger(__name__)

# What each reading stage is doing, in words (as `papers crawl` shows it).
STAGES = {"text": "the text of", "structure": "agendas and minutes from"}


class ReadAfterCrawl:
    def __init__(self, home: Home) -> None:
        self.home = home
        self.council: str | None = None  # whose papers to read, once the crawl is closed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReadAfterCrawl:
        if not crawler.settings.getbool("PAPERS_READ_AFTER_CRAWL"):
            raise NotConfigured
        extension = cls(home_for(crawler.settings))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        # After every spider_closed handler: the store has closed the crawl run by then.
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        council = getattr(spider, "council", "")
        if getattr(spider, "refusal", None) or not council:
            return  # nothing was crawled
        if reason in INTERRUPTED_REASONS:
            log.info(
                "Crawl stopped (%s): what it stored is read by `papers process %s`",
                reason,
                council,
            )
            return
        self.council = council

    def engine_stopped(self) -> None:
        if self.council is None:
            return
        engine = open_database(self.home)
        try:
            counts = process(engine, self.home, self.council, self._progress)
            log.info("%s: %s", self.council, describe_processing(counts))
            # Imported here: Whoosh costs a crawl nothing until the crawl is over.
            from indexer.search_index import update_index

            log.info("%s", update_index(engine, self.home, progress=log.info).summary())
        finally:
            engine.dispose()

    def _progress(self, stage: str, done: int, total: int) -> None:
        if done == 0 and total:
            log.info("%s: reading %s %d papers", self.council, STAGES.get(stage, ""), total)
