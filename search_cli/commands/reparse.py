"""`papers reparse`: read stored text again after a parser improved."""

from __future__ import annotations

from typing import Annotated

import typer

from indexer.process import parse_documents
from indexer.store.councils import council_slug
from search_cli.commands.crawl import describe_new
from search_cli.commands.index import after_change
from search_cli.context import state
from search_cli.options import CouncilFilter
from search_cli.output import err_console, plural


def reparse(
    ctx: typer.Context,
    council: CouncilFilter = None,
    everything: Annotated[
        bool,
        typer.Option("--all", help="Parse every document again, not only those not yet parsed."),
    ] = False,
    no_index: Annotated[
        bool, typer.Option("--no-index", help="Do not update the search index.")
    ] = False,
) -> None:
    """Run the parsers over stored text again, without downloading anything."""
    app_state = state(ctx)
    council = council_slug(app_state.engine, council)
    counts = parse_documents(app_state.engine, council, everything=everything, home=app_state.home)
    documents = counts.get("documents", 0)
    failed = counts.get("parse_failed", 0)
    summary = f"Reparsed {plural(documents, 'document')}; new: {describe_new(counts) or 'nothing'}"
    if failed:
        summary += f"; {failed} could not be parsed"
    err_console.print(summary + ".", highlight=False)
    after_change(app_state, index=not no_index)
