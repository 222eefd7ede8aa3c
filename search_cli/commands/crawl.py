"""`papers crawl`: collect councils' meetings and papers, then process them."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from indexer.crawl_locks import LockBusyError
from indexer.locks import crawl_lock, exclusive_or_fail
from indexer.process import describe_processing
from indexer.reading import read_since, total
from indexer.store.councils import councils_to_crawl
from scraper.collect import collect_council
from scraper.run import CrawlError, CrawlJob, crawl_window
from search_cli.commands.index import after_change
from search_cli.context import state
from search_cli.options import CrawlCommittee, NoDownload, date_option
from search_cli.output import err_console
from search_cli.progress import reading_progress
from search_cli.reading import document_lines, totals_line

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from indexer.process import ReadingProgress

# Failures listed in the summary; `papers status` shows the rest.
SHOWN_FAILURES = 20


def crawl(
    ctx: typer.Context,
    slugs: Annotated[
        list[str] | None,
        typer.Argument(metavar="SLUG", help="Councils to crawl (see `papers councils list`)."),
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Crawl every council.")] = False,
    since: Annotated[
        datetime | None,
        date_option("First meeting date. Default: 12 months ago."),
    ] = None,
    until: Annotated[
        datetime | None,
        date_option("Last meeting date. Default: 3 months ahead."),
    ] = None,
    committee: CrawlCommittee = None,
    no_download: NoDownload = False,
    no_index: Annotated[
        bool, typer.Option("--no-index", help="Do not update the search index afterwards.")
    ] = False,
    queue: Annotated[
        bool,
        typer.Option(
            "--queue",
            help="Put one job per council on the job queue for `papers worker`s instead"
            " (see `papers enqueue`).",
        ),
    ] = False,
) -> None:
    """Collect meetings, agenda items, decisions, minutes and documents.

    Polite: robots.txt is obeyed, one request at a time per site, and files
    already stored are only fetched again when the council changed them.
    Prints a summary per council; `papers status` shows it again later.

    Exit status: 0 when every council was crawled (ok, or ok_with_errors: some
    pages or documents failed, listed in the summary); 1 when any council's
    crawl failed (the site gave nothing but errors), was interrupted or could
    not run, or another crawl of this home, of the council or of its site (a
    `papers worker` on any machine sharing the database) is running.

    With --queue nothing is crawled here: one job per council goes on the job
    queue, for `papers worker` on any machine (see `papers enqueue`).
    """
    app_state = state(ctx)
    councils = councils_to_crawl(app_state.engine, slugs or [], everything)
    window = crawl_window(
        since.date() if since else None, until.date() if until else None, date.today()
    )
    if queue:
        from search_cli.commands.queue import enqueue_councils

        enqueue_councils(app_state, councils, window, committee, download=not no_download)
        return
    # One crawl per home at a time; each crawl child holds the lock with us.
    with exclusive_or_fail(crawl_lock(app_state.home.root), "a crawl") as lock:
        failed: list[str] = []
        crawled = False
        for council in councils:
            job = CrawlJob(
                council=council.slug,
                base_url=council.base_url or "",
                since=window[0],
                until=window[1],
                committee=committee,
                download=not no_download,
                platform=council.platform,
            )
            inherit = [lock.fileno()] if lock is not None else []
            try:
                run = collect_council(
                    app_state.home,
                    app_state.engine,
                    job,
                    _TerminalDisplay(),
                    index=False,
                    inherit=inherit,
                )
            except (CrawlError, LockBusyError) as exc:
                err_console.print(f"[bold red]Error:[/] {exc}", highlight=False, soft_wrap=True)
                failed.append(council.slug)
                continue
            if run.summary["status"] not in ("ok", "ok_with_errors"):
                failed.append(council.slug)
            crawled = True
        if crawled:  # the index once, after every council's papers are read
            after_change(app_state, index=not no_index)
    if failed:
        err_console.print(
            f"Failed: {', '.join(failed)} (see the summary above, or `papers status`)",
            highlight=False,
            markup=False,
        )
        raise typer.Exit(1)


# A first crawl reads hundreds of papers: the rest are one `papers show document` away.
MAX_DOCUMENT_LINES = 30


def report_reading(engine: Engine, slug: str, counts: dict[str, int], started: datetime) -> None:
    """What reading a council's new papers gave, on stderr: a line, totals, each paper."""
    err_console.print(f"{slug}: {describe_processing(counts)}", highlight=False)
    if counts.get("documents"):
        readings = read_since(engine, slug, started)
        err_console.print(
            f"{slug}: {totals_line(total(readings))}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        for line in document_lines(readings, MAX_DOCUMENT_LINES):
            err_console.print(f"  {line}", highlight=False, markup=False, soft_wrap=True)


class _TerminalDisplay:
    """`papers crawl`'s display (scraper.collect.Display): live lines, then summaries."""

    def crawling(self, slug: str) -> _CrawlProgress:
        return _CrawlProgress(slug)

    def crawled(self, slug: str, summary: dict[str, Any]) -> None:
        _print_summary(slug, summary)

    def reading(self, slug: str) -> AbstractContextManager[ReadingProgress]:
        return reading_progress(slug)

    def read(self, engine: Engine, slug: str, counts: dict[str, int], started: datetime) -> None:
        report_reading(engine, slug, counts, started)


class _CrawlProgress:
    """A live line on stderr: meetings and documents done / failed."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.meetings = 0
        self.documents = 0
        self.failed = 0
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        )
        self.task = self.progress.add_task(self._text())

    def __enter__(self) -> Callable[[dict[str, Any]], None]:
        self.progress.start()
        return self.update

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def update(self, event: dict[str, Any]) -> None:
        kind = event.get("event")
        if kind == "meeting":
            self.meetings += 1
        elif kind == "document":
            if event.get("outcome") == "failed":
                self.failed += 1
            else:
                self.documents += 1
        elif kind == "error":
            self.failed += 1
        self.progress.update(self.task, description=self._text())

    def _text(self) -> str:
        return (
            f"{self.slug}: {self.meetings} meetings, {self.documents} documents, "
            f"{self.failed} failed"
        )


def _print_summary(slug: str, summary: dict[str, Any]) -> None:
    """The run's counts and failures, on stdout: the command's result."""
    counts = summary["counts"]
    typer.echo(
        f"{slug}: {summary['status']}\n"
        f"  meetings:  {counts['meetings_new']} new, {counts['meetings_changed']} changed, "
        f"{counts['meetings_unchanged']} unchanged\n"
        f"  documents: {counts['documents_downloaded']} downloaded, "
        f"{counts['documents_unchanged']} unchanged, {counts['documents_failed']} failed"
        + (f"\n  pages failed: {counts['pages_failed']}" if counts["pages_failed"] else "")
    )
    errors = summary["errors"]
    for error in errors[:SHOWN_FAILURES]:
        typer.echo(f"  failed: {error['url']} — {error['reason']}")
    if len(errors) > SHOWN_FAILURES:
        typer.echo(f"  ... and {len(errors) - SHOWN_FAILURES} more (see `papers status`)")
