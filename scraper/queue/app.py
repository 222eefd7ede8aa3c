"""The Celery app: Redis as broker, one crawl at a time per worker, jobs acked late.

Acked late (when done, not when taken) so a job whose worker dies is handed
to another worker once the visibility timeout has passed; one at a time and
prefetching one, so a worker never sits on jobs another could run.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from celery import Celery

from scraper.queue import jobs
from scraper.queue.settings import QueueSettings

LOG_FORMAT = "[%(asctime)s] %(levelname)s %(message)s"


@lru_cache(maxsize=8)
def make_app(settings: QueueSettings, home_root: Path | None = None) -> Celery:
    """The app; `home_root` is the worker's home (None to only enqueue).

    One per settings and home in a process: Celery registers task names globally.
    """
    app = Celery("papers", broker=settings.url, set_as_current=False)
    app.conf.update(
        task_default_queue=settings.name,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        worker_prefetch_multiplier=1,
        worker_concurrency=1,
        worker_hijack_root_logger=True,
        worker_log_format=LOG_FORMAT,
        worker_task_log_format=LOG_FORMAT,
        worker_enable_remote_control=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": settings.visibility_timeout,
            "global_keyprefix": settings.key_prefix,
            # An idle worker looks for jobs of dead workers this often.
            "unacked_restore_interval": max(1, min(10, int(settings.visibility_timeout / 4))),
            "unacked_restore_throttle": 1,
        },
        papers_home=str(home_root) if home_root else None,
        papers_queue=settings,
    )
    jobs.register(app)
    return app
