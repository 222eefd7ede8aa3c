"""Downloader middleware: back off before retrying a failed request.

Scrapy's RetryMiddleware re-queues a request after a 429, a 5xx or a timeout
but does not wait. A struggling council server deserves a pause, so a retry
waits RETRY_BACKOFF_BASE × 2^(n-1) seconds (capped at RETRY_BACKOFF_MAX)
before it is sent. One request at a time per site means the site as a whole
gets the pause.
"""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.crawler import Crawler


class RetryBackoffMiddleware:
    def __init__(self, base: float, maximum: float) -> None:
        self.base = base
        self.maximum = maximum

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoffMiddleware:
        settings = crawler.settings
        return cls(
            settings.getfloat("RETRY_BACKOFF_BASE", 2.0),
            settings.getfloat("RETRY_BACKOFF_MAX", 60.0),
        )

    async def process_request(self, request: Request) -> None:
        retries = request.meta.get("retry_times", 0)
        if retries and self.base > 0:
            await asyncio.sleep(min(self.base * 2 ** (retries - 1), self.maximum))
