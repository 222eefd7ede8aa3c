"""The job queue: crawls spread over machines by Celery, with Redis as the broker.

`settings` reads where the queue is (PAPERS_QUEUE_URL and friends) without
importing Celery; `app` makes the Celery app and its one task (`jobs`);
`enqueue` puts one job per council on the queue, once; `marks` keeps the
"already queued" marks in Redis. The work of a job is scraper.collect's,
the same as `papers crawl`'s.
"""

from __future__ import annotations

import importlib

from indexer.errors import UsageError

NEEDED = ("celery", "redis")


def require() -> None:
    """A plain error naming the extra when Celery or redis-py is not installed."""
    for name in NEEDED:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            raise UsageError(
                f"The job queue needs the Python package {name!r}, which is not installed",
                hint="pip install 'council-papers[queue]'",
            ) from None
