"""Downloader middlewares: back off before retrying; follow redirects only on the site.

RetryBackoffMiddleware:

Scrapy's RetryMiddleware re-queues a request after a 429, a 5xx or a timeout
but does not wait. A struggling council server deserves a pause, so a retry
waits RETRY_BACKOFF_BASE × 2^(n-1) seconds (capped at RETRY_BACKOFF_MAX)
before it is sent. One request at a time per site means the site as a whole
gets the pause. When the server says how long to wait (Retry-After on a 429
or 503, in seconds), the pause is at least that, up to RETRY_AFTER_MAX.

SameSiteRedirectMiddleware: a redirect off the council's site (another
scheme, host or port: 127.0.0.1:8001 is not 127.0.0.1:8000) or back to where
it came from is not followed but fails the request with that reason, so the
document or page is recorded as failed rather than stored or left pending.

PageSizeMiddleware: a page (HTML or web-service XML, anything but a
document) over PAPERS_PAGE_MAXSIZE bytes is not downloaded. Real meeting
pages are well under 1 MB; parsing takes time in proportion to size, so a
173 MB page would hold the crawl for many minutes and store nothing.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

logger = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}
PAGE_MAXSIZE = 5 * 1024 * 1024


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
            logger.info("Waiting %.1f s before retry %d of %s", pause, retries, request.url)
            await asyncio.sleep(pause)


def retry_after_seconds(value: bytes | None) -> float | None:
    """Retry-After as seconds; the HTTP-date form is rare from councils and ignored."""
    if not value:
        return None
    try:
        return max(0.0, float(value.decode("ascii").strip()))
    except (UnicodeDecodeError, ValueError):
        return None


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:  # a port that is not a number
        port = -1
    return scheme, (parts.hostname or "").lower(), port or DEFAULT_PORTS.get(scheme)


def same_site(url: str, site: str) -> bool:
    """Whether `url` is on the site at `site`: the same scheme, host and port, or
    the same host moved from plain http to https (as councils' sites redirect)."""
    here, there = origin(site), origin(url)
    host = here[1]
    return there == here or (here == ("http", host, 80) and there == ("https", host, 443))


class SameSiteRedirectMiddleware:
    """Fails a redirect that leaves the spider's site (its `base_url`) or loops,
    before Scrapy's RedirectMiddleware follows it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SameSiteRedirectMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if not 300 <= response.status < 400 or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        site = getattr(self.crawler.spider, "base_url", None)
        if site and not same_site(target, site):
            raise IgnoreRequest(f"redirected off the council's site, to {target}")
        if target == request.url or target in request.meta.get("redirect_urls", []):
            raise IgnoreRequest(f"redirected back to itself ({target}): a redirect loop")
        return response


class PageSizeMiddleware:
    """Caps pages at PAPERS_PAGE_MAXSIZE; documents (meta "document_url") keep
    DOWNLOAD_MAXSIZE."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageSizeMiddleware:
        return cls(crawler.settings.getint("PAPERS_PAGE_MAXSIZE", PAGE_MAXSIZE))

    def process_request(self, request: Request) -> None:
        if "document_url" not in request.meta:
            request.meta.setdefault("download_maxsize", self.maxsize)
