"""Which search index a home uses: Whoosh files, or PostgreSQL full-text search.

The database decides: a PostgreSQL DATABASE_URL keeps the index in the
database itself (every machine sharing it searches the same papers, kept in
step in each writing transaction); SQLite keeps it in HOME/index (Whoosh).
Both take the same queries and give the same results contract (hits.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from indexer.home import Home

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from indexer.search.coverage import Coverage
    from indexer.search.hits import SearchResult
    from indexer.search.indexing import IndexCounts, Progress
    from indexer.search.querying import SearchFilters


class SearchBackend(Protocol):
    @property
    def name(self) -> str: ...

    def search(
        self,
        query: str,
        filters: SearchFilters | None,
        *,
        limit: int | None,
        sort: str,
        exact: bool,
        facets: bool,
    ) -> SearchResult: ...

    def update(
        self, engine: Engine, *, rebuild: bool, progress: Progress | None
    ) -> IndexCounts: ...

    def coverage(self, engine: Engine) -> Coverage: ...

    def behind(self, engine: Engine) -> bool:
        """Whether the database holds changes the index does not have yet."""
        ...


def is_postgres(home: Home) -> bool:
    return home.database_url.startswith("postgres")


def backend_for(home: Home) -> SearchBackend:
    if is_postgres(home):
        from indexer.search.postgres_backend import PostgresBackend

        return PostgresBackend(_search_engine(home.database_url))
    from indexer.search.whoosh_backend import WhooshBackend

    return WhooshBackend(home)


@lru_cache(maxsize=8)
def _search_engine(url: str) -> Engine:
    """One engine (and connection pool) per database for the searches of a process."""
    from indexer.db import make_engine

    return make_engine(url)
