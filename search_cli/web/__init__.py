"""`papers serve`: a web page over a home, on Starlette and Jinja2.

Thin: every page calls the same indexer functions as the CLI (search,
meetings, watches, export, status) and renders what they return.
"""
