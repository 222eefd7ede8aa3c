"""`papers index`: bring the search index up to date with the database."""

from __future__ import annotations

from typing import Annotated

import typer

from indexer.search_index import IndexCounts, update_index
from search_cli.context import AppState, state
from search_cli.output import err_console


def _progress(message: str) -> None:
    err_console.print(message, highlight=False)


def index_after_change(app_state: AppState, *, rebuild: bool = False) -> IndexCounts:
    """Update the search index and say what changed (on stderr).

    `papers crawl`, `papers import` and `papers reparse` call this at their
    end unless given --no-index; `papers search` calls it when there is no
    index yet.
    """
    counts = update_index(app_state.engine, app_state.home, rebuild=rebuild, progress=_progress)
    _progress(counts.summary())
    return counts


def index(
    ctx: typer.Context,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Recreate the index from the database from scratch."),
    ] = False,
) -> None:
    """Update the search index from the database.

    Only what changed since the last run is indexed: new, changed and deleted
    agenda items, resolutions, document pages and work-programme entries.
    Searches keep working while the index is updated.
    """
    index_after_change(state(ctx), rebuild=rebuild)
