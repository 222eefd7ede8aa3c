"""Writing to the database and the file archive.

Every write is an upsert on a natural key, so re-running a crawl or an import
never duplicates. Sessions are short: one transaction per item or document,
so an interrupted run keeps everything committed before it stopped.
"""
