"""`papers process`: read the papers stored but not read yet, then index them."""

from __future__ import annotations

from typing import Annotated

import typer

from indexer.models import utcnow
from indexer.process import process as read_papers
from indexer.store.councils import all_councils, council_slug
from search_cli.commands.crawl import report_reading
from search_cli.commands.index import after_change
from search_cli.context import state
from search_cli.progress import reading_progress


def process(
    ctx: typer.Context,
    slugs: Annotated[
        list[str] | None,
        typer.Argument(metavar="SLUG", help="Councils to read (default: every council)."),
    ] = None,
    no_index: Annotated[
        bool, typer.Option("--no-index", help="Do not update the search index afterwards.")
    ] = False,
) -> None:
    """Read the stored papers not read yet, then update the search index.

    Text first, then agendas, minutes and work programmes, as `papers crawl`
    does after each crawl: for papers left pending by a `scrapy crawl` run with
    -s PAPERS_READ_AFTER_CRAWL=0, or by a crawl stopped before its end. Papers
    already read are left alone (`papers reparse` reads them again after a
    parser improved).
    """
    app_state = state(ctx)
    engine = app_state.engine
    if slugs:
        councils = [council_slug(engine, slug) or slug for slug in dict.fromkeys(slugs)]
    else:
        councils = [council.slug for council in all_councils(engine)]
    for slug in councils:
        started = utcnow()
        with reading_progress(slug) as progress:
            counts = read_papers(engine, app_state.home, slug, progress)
        report_reading(engine, slug, counts, started)
    after_change(app_state, index=not no_index)
