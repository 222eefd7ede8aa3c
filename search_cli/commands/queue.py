"""`papers worker` and `papers enqueue`: crawls spread over machines by a job queue."""

from __future__ import annotations

import os
import socket
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from indexer.store.councils import councils_to_crawl
from scraper.queue import require
from scraper.queue.settings import QueueSettings
from scraper.run import crawl_window
from search_cli.context import AppState, state
from search_cli.options import CrawlCommittee, NoDownload, date_option
from search_cli.output import err_console

if TYPE_CHECKING:
    from indexer.models import Council


def worker(ctx: typer.Context) -> None:
    """Take crawl jobs from the job queue and run them, one at a time, until stopped.

    Each job crawls one council, reads its new papers and updates the search
    index, as `papers crawl` does; `papers enqueue` (or `papers crawl --all
    --queue`) puts the jobs there. Start one worker on every machine that
    should crawl. Several machines need one shared PostgreSQL database
    (DATABASE_URL); on one machine several workers can share SQLite too.
    The same council is never crawled twice at once, nor one site by two
    workers at once. A job whose worker dies goes to another worker after
    PAPERS_QUEUE_VISIBILITY_TIMEOUT seconds (default 12 hours) and continues
    where the crawl stopped.

    The queue is Redis at PAPERS_QUEUE_URL (default redis://127.0.0.1:6379/0).
    Needs the queue extra: pip install 'council-papers[queue]'. Ctrl-C stops
    after the job in hand; a second Ctrl-C stops at once, and the job goes
    back on the queue.
    """
    require()
    from scraper.queue import marks
    from scraper.queue.app import make_app

    app_state = state(ctx)
    settings = QueueSettings.from_env()
    marks.connect(settings)
    app_state.engine  # noqa: B018 - create and migrate the database before the first job
    app = make_app(settings, app_state.home.root)
    err_console.print(
        f"Worker on {settings.url} (queue {settings.name}), database"
        f" {app_state.engine.url.render_as_string(hide_password=True)}, home {app_state.home.root}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    celery_worker = app.Worker(
        hostname=f"papers-{os.getpid()}@{socket.gethostname()}",
        pool_cls="solo",
        concurrency=1,
        loglevel="INFO",
        queues=[settings.name],
        without_mingle=True,
        without_gossip=True,
        without_heartbeat=True,
        quiet=True,
    )
    celery_worker.start()
    raise typer.Exit(celery_worker.exitcode or 0)


def enqueue(
    ctx: typer.Context,
    slugs: Annotated[
        list[str] | None,
        typer.Argument(metavar="SLUG", help="Councils to crawl (see `papers councils list`)."),
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Every council.")] = False,
    since: Annotated[
        datetime | None,
        date_option("First meeting date. Default: 12 months before the job is queued."),
    ] = None,
    until: Annotated[
        datetime | None,
        date_option("Last meeting date. Default: 3 months after the job is queued."),
    ] = None,
    committee: CrawlCommittee = None,
    no_download: NoDownload = False,
) -> None:
    """Put one crawl job per council on the job queue, for `papers worker`s to run.

    A council whose job is still waiting is not queued again ("already
    queued"). Same as `papers crawl --queue`. The queue is Redis at
    PAPERS_QUEUE_URL (default redis://127.0.0.1:6379/0).
    """
    app_state = state(ctx)
    councils = councils_to_crawl(app_state.engine, slugs or [], everything)
    window = crawl_window(
        since.date() if since else None, until.date() if until else None, date.today()
    )
    enqueue_councils(app_state, councils, window, committee, download=not no_download)


def enqueue_councils(
    app_state: AppState,
    councils: list[Council],
    window: tuple[date, date],
    committee: str | None,
    *,
    download: bool,
) -> None:
    """Queue the councils' jobs and say, one line each, what happened."""
    require()
    from scraper.queue.enqueue import enqueue as put

    settings = QueueSettings.from_env()
    for queued in put(settings, [c.slug for c in councils], window, committee, download):
        said = "already queued, not started yet" if queued.already else "queued"
        typer.echo(f"{queued.council}: {said} (job {queued.job_id})")
