"""Where the job queue is and how it behaves, read from the environment.

PAPERS_QUEUE_URL      the Redis broker (default redis://127.0.0.1:6379/0)
PAPERS_QUEUE_NAME     the queue's name, also the prefix of every Redis key it uses
                      (default "papers"): two projects can share one Redis
PAPERS_QUEUE_VISIBILITY_TIMEOUT
                      seconds before a job taken by a worker that died (killed,
                      machine lost) is given to another worker (default 12 hours;
                      keep it above the longest crawl, or a slow job is handed out
                      twice: the second copy then waits for the first's lock)
PAPERS_QUEUE_RETRY_SECONDS
                      how long a job waits before trying again when its council
                      or site is busy, or its crawl failed (default 60)
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from indexer.errors import UsageError

URL_ENV = "PAPERS_QUEUE_URL"
NAME_ENV = "PAPERS_QUEUE_NAME"
VISIBILITY_ENV = "PAPERS_QUEUE_VISIBILITY_TIMEOUT"
RETRY_ENV = "PAPERS_QUEUE_RETRY_SECONDS"
DEFAULT_URL = "redis://127.0.0.1:6379/0"
DEFAULT_NAME = "papers"


@dataclass(frozen=True)
class QueueSettings:
    url: str = DEFAULT_URL
    name: str = DEFAULT_NAME
    visibility_timeout: float = 12 * 3600
    retry_seconds: float = 60

    @classmethod
    def from_env(cls) -> QueueSettings:
        return cls(
            url=os.environ.get(URL_ENV) or DEFAULT_URL,
            name=os.environ.get(NAME_ENV) or DEFAULT_NAME,
            visibility_timeout=_seconds(VISIBILITY_ENV, cls.visibility_timeout),
            retry_seconds=_seconds(RETRY_ENV, cls.retry_seconds),
        )

    @property
    def key_prefix(self) -> str:
        """Before every Redis key of this queue, Celery's and ours."""
        return f"{self.name}:"


def _seconds(name: str, default: float) -> float:
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1
    if value <= 0:
        raise UsageError(f"{name} must be a number of seconds above 0, not {text!r}")
    return value
