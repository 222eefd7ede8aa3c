"""The Whoosh search index: schema, analysis, indexing, querying, glossary.

Public entry points are re-exported by `indexer.search_index`.
"""
