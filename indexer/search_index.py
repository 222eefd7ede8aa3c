"""The search index over items, resolutions, pages and work programmes.

The public API; the parts live in `indexer.search` (analysis, schema, units,
indexing, coverage, querying, results, snippets, glossary).
"""

from indexer.search.coverage import Coverage, IndexIncompleteError, index_coverage
from indexer.search.glossary import GLOSSARY
from indexer.search.indexing import IndexCounts, update_index
from indexer.search.querying import QuerySyntaxError, SearchFilters
from indexer.search.results import HIT_FIELDS, SORTS, Hit, SearchResult, group_by_meeting, search
from indexer.search.schema import (
    SCHEMA_VERSION,
    UNIT_TYPES,
    IndexMissingError,
    IndexStaleError,
    SearchIndexError,
)

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
