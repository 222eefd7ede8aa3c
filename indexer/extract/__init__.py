"""Files to page text: PDF (pypdfium2), DOCX, HTML and plain text.

`extract_file` reads one file and never raises: every outcome, good or bad,
is an `ExtractionResult` whose status says what a reader can expect (see
docs/reading.md). `indexer.extract.pool.extract_many` runs it over many files
on every core, with a time limit per document.
"""

from indexer.extract.read import extract_file
from indexer.extract.result import ExtractionResult, Limits

__all__ = ["ExtractionResult", "Limits", "extract_file"]
