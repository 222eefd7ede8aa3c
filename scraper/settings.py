"""Scrapy settings: polite by default.

Council sites are small public services, often self-hosted and slow. One
request at a time per site, AutoThrottle on top, robots.txt obeyed and an
honest User-Agent (firewalls block spoofed browser agents far more often than
honest ones). `papers crawl` passes per-run values (the home, the council,
test overrides) on top of these; a plain `scrapy crawl` from the repository
root (scrapy.cfg) or under Scrapyd runs with these as they are.
"""

import os

from indexer import __version__

BOT_NAME = "council-papers"
PROJECT_URL = "https://github.com/council-papers/council-papers"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"

# Site owners can reach whoever runs a crawl when PAPERS_CONTACT (an e-mail
# address or URL) is set; it is added to the agent string.
_CONTACT = os.environ.get("PAPERS_CONTACT", "").strip()
USER_AGENT = f"council-papers/{__version__} (+{PROJECT_URL}" + (
    f"; contact: {_CONTACT})" if _CONTACT else ")"
)
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# A site on this machine (127.0.0.1, localhost, ::1: the sample council, the
# tests, a local mirror) is not a council's server: it gets this delay in
# seconds instead, untouched by AutoThrottle (scraper/loopback.py).
LOOPBACK_DELAY = 0.0

# Self-hosted ModernGov sites can take a minute to answer a meeting page.
DOWNLOAD_TIMEOUT = 90
# Council papers run to hundreds of pages; anything larger is recorded as
# too_large rather than half-stored.
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
# Seconds before the first retry, doubling for each further one.
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
RETRY_AFTER_MAX = 300.0  # the longest Retry-After honoured, in seconds
DOWNLOADER_MIDDLEWARES = {
    "scraper.loopback.LoopbackDelayMiddleware": 50,
    "scraper.middlewares.RetryBackoffMiddleware": 560,
    # Sees a redirect before RedirectMiddleware (600) follows it.
    "scraper.middlewares.SameSiteRedirectMiddleware": 650,
    "scraper.middlewares.PageSizeMiddleware": 660,
}

# Conditional requests (ETag / Last-Modified from the database) replace a
# cache: an unchanged file costs one 304.
HTTPCACHE_ENABLED = False
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

ITEM_PIPELINES = {"scraper.pipelines.StorePipeline": 300}
# A plain `scrapy crawl` (or Scrapyd) reads and indexes the council's papers
# when it ends; `papers crawl` sets this to False and does it itself.
PAPERS_READ_AFTER_CRAWL = True
EXTENSIONS = {"scraper.extensions.ReadAfterCrawl": 500}

LOG_LEVEL = "INFO"
