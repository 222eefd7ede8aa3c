"""Text in, dataclasses out: pure parsers for council papers.

Nothing here touches the network, the database or Scrapy. Every parser takes
page texts (a list of strings, page 1 first) or a string and returns the
dataclasses in `indexer.parse.types`, so it can be tested on text alone and
re-run over stored text whenever it improves (`papers reparse`).
"""
