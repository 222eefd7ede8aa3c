"""The search index over items, resolutions, pages and work programmes.

The public API. The database chooses the backend (indexer.search.backend):
Whoosh files in the home, or PostgreSQL full-text search in the database.
The parts live in `indexer.search` (analysis, units, querying, hits, snippets,
glossary; results/indexing/schema for Whoosh; postgres_* for PostgreSQL).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indexer.home import Home
from indexer.search.backend import backend_for
from indexer.search.coverage import Coverage, IndexIncompleteError
from indexer.search.glossary import GLOSSARY
from indexer.search.hits import (
    HIT_FIELDS,
    SORTS,
    Hit,
    SearchResult,
    group_by_meeting,
    link_archive,
)
from indexer.search.indexing import IndexCounts, Progress
from indexer.search.querying import QuerySyntaxError, SearchFilters
from indexer.search.schema import (
    SCHEMA_VERSION,
    UNIT_TYPES,
    IndexMissingError,
    IndexStaleError,
    SearchIndexError,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine


def search(
    home: Home,
    query: str,
    filters: SearchFilters | None = None,
    *,
    limit: int | None = 10,
    sort: str = "relevance",
    exact: bool = False,
    facets: bool = False,
) -> SearchResult:
    """Search the home's index. `limit=None` returns every hit; `exact` turns off
    stemming and the glossary. Raises QuerySyntaxError for a malformed query
    and IndexMissingError / IndexStaleError when `papers index` is needed."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}")
    result = backend_for(home).search(
        query, filters, limit=limit, sort=sort, exact=exact, facets=facets
    )
    link_archive(result.hits, home.files)
    return result


def update_index(
    engine: Engine, home: Home, *, rebuild: bool = False, progress: Progress | None = None
) -> IndexCounts:
    """Bring the search index in line with the database (incrementally unless `rebuild`)."""
    return backend_for(home).update(engine, rebuild=rebuild, progress=progress)


def index_coverage(engine: Engine, home: Home) -> Coverage:
    """Units in the index against units in the database (two cheap counts)."""
    return backend_for(home).coverage(engine)


__all__ = [
    "GLOSSARY",
    "HIT_FIELDS",
    "SCHEMA_VERSION",
    "SORTS",
    "UNIT_TYPES",
    "Coverage",
    "Hit",
    "IndexCounts",
    "IndexIncompleteError",
    "IndexMissingError",
    "IndexStaleError",
    "QuerySyntaxError",
    "SearchFilters",
    "SearchIndexError",
    "SearchResult",
    "group_by_meeting",
    "index_coverage",
    "search",
    "update_index",
]
