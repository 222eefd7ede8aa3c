"""The `papers` command line: thin Typer commands over `indexer` and `scraper`."""
