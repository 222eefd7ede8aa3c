"""Downloader middleware: back off before retrying a failed request.

Scrapy's RetryMiddleware re-queues a request after a 429, a 5xx or a timeout
but does not wait. A struggling council server deserves a pause, so a retry
waits RETRY_BACKOFF_BASE × 2^(n-1) seconds (capped at RETRY_BACKOFF_MAX)
before it is sent. One request at a time per site means the site as a whole
gets the pause. When the server says how long to wait (Retry-After on a 429
or 503, in seconds), the pause is at least that, up to RETRY_AFTER_MAX.
"""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response


class RetryBackoffMiddleware:
    def __init__(self, base: float, maximum: float, retry_after_max: float = 300.0) -> None:
        self.base = base
        self.maximum = maximum
        self.retry_after_max = retry_after_max

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoffMiddleware:
        settings = crawler.settings
        return cls(
            settings.getfloat("RETRY_BACKOFF_BASE", 2.0),
            settings.getfloat("RETRY_BACKOFF_MAX", 60.0),
            settings.getfloat("RETRY_AFTER_MAX", 300.0),
        )

    def process_response(self, request: Request, response: Response) -> Response:
        # Runs before Scrapy's RetryMiddleware, whose retry copies this meta.
        seconds = retry_after_seconds(response.headers.get(b"Retry-After"))
        if seconds is not None:
            request.meta["retry_after"] = min(seconds, self.retry_after_max)
        return response

    async def process_request(self, request: Request) -> None:
        retries = request.meta.get("retry_times", 0)
        if not retries:
            return
        pause = min(self.base * 2 ** (retries - 1), self.maximum) if self.base > 0 else 0.0
        pause = max(pause, request.meta.get("retry_after", 0.0))
        if pause:
            await asyncio.sleep(pause)


def retry_after_seconds(value: bytes | None) -> float | None:
    """Retry-After as seconds; the HTTP-date form is rare from councils and ignored."""
    if not value:
        return None
    try:
        return max(0.0, float(value.decode("ascii").strip()))
    except (UnicodeDecodeError, ValueError):
        return None
