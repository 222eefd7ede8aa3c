"""PDF text with pypdfium2, page by page, in reading order with line breaks."""

from __future__ import annotations

import time
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from indexer.extract.result import ExtractionResult

# A page with fewer visible characters than this is counted as having no
# text: scanned pages often carry a stamp or a page number in a text layer.
MIN_CHARS_PER_TEXT_PAGE = 10

# pdfium marks a hyphen that ends a line with U+FFFE. In council papers it is
# a real hyphen ("decision-making", "Crow-Brown": every one in the real Kent
# and Merton papers), so it is kept as one; the other marks are dropped.
# (str.replace, not str.translate: translate with a table like this walks the
# text a character at a time, ten times slower on a real pack.)
_INVISIBLE = (("\ufffe", "-"), ("\x02", ""), ("\x00", ""), ("\xad", ""))


def clean_page(raw: str) -> str:
    """Unix line breaks, no trailing spaces, no invisible markers."""
    text = raw
    for mark, replacement in _INVISIBLE:
        if mark in text:
            text = text.replace(mark, replacement)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def extract(path: Path, max_pages: int, deadline: float) -> ExtractionResult:
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            return ExtractionResult(
                "encrypted", error="the PDF is protected by a password, so its text cannot be read"
            )
        return ExtractionResult("failed", error=f"the PDF is damaged or incomplete ({exc})")
    try:
        count = len(document)
        if count > max_pages:
            return ExtractionResult(
                "too_large",
                page_count=count,
                error=f"{count} pages is over the limit of {max_pages} (PAPERS_MAX_PAGES)",
            )
        pages = []
        for index in range(count):
            if time.monotonic() > deadline:
                return ExtractionResult(
                    "too_large",
                    page_count=count,
                    error=f"reading stopped at page {index + 1} of {count}: over the time "
                    "limit (PAPERS_EXTRACT_SECONDS)",
                )
            page = document[index]
            textpage = page.get_textpage()
            try:
                pages.append(clean_page(textpage.get_text_range()))
            finally:
                textpage.close()
                page.close()
    finally:
        document.close()
    if count and not any(len("".join(p.split())) >= MIN_CHARS_PER_TEXT_PAGE for p in pages):
        return ExtractionResult(
            "no_text_layer",
            pages=pages,
            page_count=count,
            error="the PDF has no text layer (scanned pages); OCR would be needed to read it",
        )
    return ExtractionResult("ok", pages=pages, page_count=count)
