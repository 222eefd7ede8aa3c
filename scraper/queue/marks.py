"""The Redis side of enqueueing: is the queue there, and which councils wait in it.

A council's mark is one key holding the id of its job that waits (`SET NX`),
so asking twice queues one job. The job clears the mark when its crawl
starts: asking again after that queues a new crawl, of what changed since.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import redis

from indexer.errors import PapersError
from scraper.queue.settings import QueueSettings

if TYPE_CHECKING:
    from redis import Redis

# A lost job (its Redis data wiped) cannot keep its council unqueued for longer.
MARK_SECONDS = 2 * 24 * 3600
# Clears the mark only if it is still this job's (not a later job's).
_UNMARK = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end"


class QueueUnavailableError(PapersError):
    """Redis does not answer at PAPERS_QUEUE_URL."""


def connect(settings: QueueSettings) -> Redis:
    """A client that has answered a ping, or QueueUnavailableError."""
    client = redis.Redis.from_url(settings.url, socket_connect_timeout=5, socket_timeout=30)
    try:
        client.ping()
    except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
        raise QueueUnavailableError(
            f"The job queue at {_shown(settings.url)} does not answer: {exc}",
            hint="start Redis, or set PAPERS_QUEUE_URL",
        ) from None
    except redis.RedisError as exc:  # a password refused, a wrong database number
        raise QueueUnavailableError(f"The job queue at {_shown(settings.url)}: {exc}") from None
    return client


def _shown(url: str) -> str:
    """The URL without its password."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}" if ":" in credentials else url


def _key(settings: QueueSettings, slug: str) -> str:
    return f"{settings.key_prefix}queued:{slug}"


def mark(client: Redis, settings: QueueSettings, slug: str, job_id: str) -> str | None:
    """Mark the council queued with `job_id`; None, or the id of the job already waiting."""
    if client.set(_key(settings, slug), job_id, nx=True, ex=MARK_SECONDS):
        return None
    waiting = client.get(_key(settings, slug))
    return waiting.decode() if isinstance(waiting, bytes) else str(waiting or "")


def unmark(client: Redis, settings: QueueSettings, slug: str, job_id: str) -> None:
    client.eval(_UNMARK, 1, _key(settings, slug), job_id)


def waiting(client: Redis, settings: QueueSettings) -> int:
    """How many jobs wait in the queue (not those being run)."""
    return int(client.llen(f"{settings.key_prefix}{settings.name}"))
