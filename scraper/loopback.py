"""Downloader middleware: no politeness delay for a site on this machine.

DOWNLOAD_DELAY and AutoThrottle keep a crawl gentle on a council's server.
A site on a loopback address (127.0.0.1, localhost, ::1) is the bundled
sample council, a test server or a local mirror: waiting there only slows
the demo and the tests down. For those hosts the delay is LOOPBACK_DELAY
(seconds, default 0) and AutoThrottle leaves it alone; set LOOPBACK_DELAY
to 1 to treat them like any other site.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.httpobj import urlparse_cached

from indexer.hosts import is_loopback


class LoopbackDelayMiddleware:
    def __init__(self, crawler: Crawler, delay: float) -> None:
        self.crawler = crawler
        self.delay = delay

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LoopbackDelayMiddleware:
        return cls(crawler, crawler.settings.getfloat("LOOPBACK_DELAY", 0.0))

    def process_request(self, request: Request) -> None:
        if not is_loopback(urlparse_cached(request).hostname):
            return
        request.meta.setdefault("autothrottle_dont_adjust_delay", True)
        # Before the request reaches the downloader, which makes the host's
        # slot, with this delay, on its first request.
        downloader = self.crawler.engine.downloader
        slot_settings = downloader.per_slot_settings.setdefault(
            downloader.get_slot_key(request), {}
        )
        slot_settings.setdefault("delay", self.delay)
