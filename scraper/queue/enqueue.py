"""Putting crawl jobs on the queue: one per council, never two waiting for one council."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from scraper.queue import marks
from scraper.queue.app import make_app
from scraper.queue.jobs import TASK_NAME
from scraper.queue.settings import QueueSettings


@dataclass(frozen=True)
class Queued:
    council: str
    job_id: str
    already: bool  # a job for this council was waiting already: nothing added


def enqueue(
    settings: QueueSettings,
    councils: list[str],
    window: tuple[date, date],
    committee: str | None = None,
    download: bool = True,
) -> list[Queued]:
    """One job per council, unless one is waiting already (marks)."""
    client = marks.connect(settings)
    task = make_app(settings).tasks[TASK_NAME]
    done: list[Queued] = []
    for slug in councils:
        job_id = str(uuid.uuid4())
        waiting = marks.mark(client, settings, slug, job_id)
        if waiting is not None:
            done.append(Queued(slug, waiting, already=True))
            continue
        try:
            task.apply_async(
                kwargs={
                    "council": slug,
                    "since": window[0].isoformat(),
                    "until": window[1].isoformat(),
                    "committee": committee,
                    "download": download,
                },
                task_id=job_id,
            )
        except BaseException:
            marks.unmark(client, settings, slug, job_id)
            raise
        done.append(Queued(slug, job_id, already=False))
    return done
