"""How much of the database the search index covers.

A first build killed before its commit leaves an empty index; a crawl run
with --no-index leaves new units out. A search over such an index must not
say "No hits" as if it had looked everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from indexer.home import Home
from indexer.search.schema import SearchIndexError, searcher

if TYPE_CHECKING:
    from sqlalchemy import Engine


class IndexIncompleteError(SearchIndexError):
    """Nothing found, but the index lacks units the database has."""


@dataclass(frozen=True)
class Coverage:
    indexed: int
    total: int

    @property
    def complete(self) -> bool:
        return self.indexed >= self.total

    def describe(self) -> str:
        """ "12 of 3,165 units": for messages."""
        return f"{self.indexed:,} of {self.total:,} searchable units"


def index_coverage(engine: Engine, home: Home) -> Coverage:
    """Units in the index against units in the database (two cheap counts)."""
    from indexer.search.units import count_units  # the models: only when nothing was found

    indexed = searcher(home.index_dir).reader().doc_count()
    return Coverage(indexed, count_units(engine))
