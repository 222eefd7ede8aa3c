"""The embedded backend: a Whoosh index in HOME/index, updated by `papers index`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from indexer.home import Home
from indexer.search import changes
from indexer.search.coverage import Coverage, index_coverage
from indexer.search.indexing import IndexCounts, Progress, update_index
from indexer.search.results import search

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from indexer.search.hits import SearchResult
    from indexer.search.querying import SearchFilters


@dataclass(frozen=True)
class WhooshBackend:
    home: Home
    name: str = "whoosh"

    def search(
        self,
        query: str,
        filters: SearchFilters | None,
        *,
        limit: int | None,
        sort: str,
        exact: bool,
        facets: bool,
    ) -> SearchResult:
        return search(self.home, query, filters, limit=limit, sort=sort, exact=exact, facets=facets)

    def update(self, engine: Engine, *, rebuild: bool, progress: Progress | None) -> IndexCounts:
        return update_index(engine, self.home, rebuild=rebuild, progress=progress)

    def coverage(self, engine: Engine) -> Coverage:
        return index_coverage(engine, self.home)

    def behind(self, engine: Engine) -> bool:
        state = changes.database_state(engine)
        return state is None or state != changes.indexed_state(self.home.index_dir)
