"""The shared backend: PostgreSQL full-text search over `search_units`, in the database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from indexer.search import postgres_search, postgres_units
from indexer.search.coverage import Coverage
from indexer.search.indexing import IndexCounts, Progress

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from indexer.search.hits import SearchResult
    from indexer.search.querying import SearchFilters


@dataclass(frozen=True)
class PostgresBackend:
    engine: Engine  # the searches' own engine (one pool per process)
    name: str = "postgresql"

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
        return postgres_search.search(
            self.engine, query, filters, limit=limit, sort=sort, exact=exact, facets=facets
        )

    def update(self, engine: Engine, *, rebuild: bool, progress: Progress | None) -> IndexCounts:
        """Every write refreshes its own units; this catches up on any that did not
        (a change committed by a program without papers' commit hook), or refills all."""
        with engine.begin() as connection:
            if rebuild:
                return IndexCounts(added=postgres_units.rebuild(connection, progress), rebuilt=True)
            added, updated, deleted, unchanged = postgres_units.refresh_dirty(
                connection, everyone=True
            )
        indexed = self.coverage(engine).indexed
        read = added + updated + unchanged
        return IndexCounts(added, updated, deleted, indexed - added - updated, read=read)

    def coverage(self, engine: Engine) -> Coverage:
        from sqlalchemy import text

        from indexer.search.units import count_units

        with engine.connect() as connection:
            indexed = connection.execute(text("SELECT count(*) FROM search_units")).scalar()
        return Coverage(int(indexed or 0), count_units(engine))

    def behind(self, engine: Engine) -> bool:
        with engine.connect() as connection:
            return postgres_units.dirty_scopes(connection) > 0
