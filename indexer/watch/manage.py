"""Adding, listing, showing and removing watches (engine-level, for the CLI)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.search_index import update_index
from indexer.watch.matching import WatchQuery, current_hits
from indexer.watch.report import hit_payload
from indexer.watch.state import (
    check_new_name,
    create_watch,
    describe_watch,
    get_watch,
    recent_hits,
    record_hits,
    remove_watch,
    watch_summaries,
)


def add_watch(
    engine: Engine,
    home: Home,
    name: str,
    query: WatchQuery,
    *,
    backfill: bool = False,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Save a search. What it matches now is seen (not news) unless `backfill`.

    Returns how many hits the search has now.
    """
    # Fail on a bad name before the possibly long index update.
    with Session(engine) as session:
        check_new_name(session, name)
    update_index(engine, home, progress=progress)
    hits = current_hits(home, query, today or date.today())
    with Session(engine) as session, session.begin():
        watch = create_watch(session, name, query)
        record_hits(session, watch, hits, baseline=not backfill)
    return len(hits)


def list_watches(engine: Engine) -> list[dict[str, Any]]:
    with Session(engine) as session:
        return watch_summaries(session)


def show_watch(
    engine: Engine, name: str, limit: int = 20
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A watch's settings and its latest hits that were news, newest first."""
    with Session(engine) as session:
        watch = get_watch(session, name)
        return describe_watch(watch), [hit_payload(h) for h in recent_hits(session, watch, limit)]


def delete_watch(engine: Engine, name: str) -> None:
    with Session(engine) as session, session.begin():
        remove_watch(session, name)
