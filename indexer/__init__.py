"""Storage, text extraction, parsing and search for council papers.

`indexer.models` holds the database schema, `indexer.store` writes to it,
`indexer.extract` turns files into page text, `indexer.parse` turns text into
structure (pure functions), and `indexer.search_index` keeps the Whoosh index.
"""

__version__ = "0.1.0"
