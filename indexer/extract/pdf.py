"""PDF text with pypdfium2, page by page, in reading order with line breaks."""

from __future__ import annotations

import time
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from indexer.extract import ocr
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


def has_text(page_text: str) -> bool:
    return len("".join(page_text.split())) >= MIN_CHARS_PER_TEXT_PAGE


def extract(
    path: Path, max_pages: int, deadline: float, *, use_ocr: bool = True
) -> ExtractionResult:
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
        scanned = [n for n, text in enumerate(pages) if not has_text(text)]
        if scanned and use_ocr and ocr.available():
            return _with_ocr(document, pages, scanned, deadline)
    finally:
        document.close()
    if count and not any(has_text(p) for p in pages):
        return ExtractionResult(
            "no_text_layer",
            pages=pages,
            page_count=count,
            error="the PDF has no text layer (scanned pages) and OCR is not installed, "
            "so nothing in it can be read: see `papers status`",
        )
    return ExtractionResult("ok", pages=pages, page_count=count)


def _with_ocr(
    document: pdfium.PdfDocument, pages: list[str], scanned: list[int], deadline: float
) -> ExtractionResult:
    """Read the pages without text by OCR, the others as they are.

    Stopped by the file's time limit, it keeps the pages read so far and
    says where it stopped (a 300-page scan must not hold up the run).
    """
    count = len(pages)
    confidence: list[float | None] = [None] * count
    stopped = None
    failures: list[str] = []
    for n in scanned:
        if time.monotonic() > deadline:
            stopped = n
            break
        page = document[n]
        try:
            reading = ocr.read_page(page, deadline - time.monotonic())
        except ocr.OcrTimeout:
            stopped = n
            break
        except ocr.OcrFailed as exc:
            failures.append(f"OCR could not read page {n + 1}: {exc}")
            continue
        finally:
            page.close()
        if reading.confidence is not None:
            pages[n], confidence[n] = reading.text, reading.confidence
    read = sum(c is not None for c in confidence)
    note = None
    if stopped is not None:
        note = (
            f"OCR stopped at page {stopped + 1} of {count}: over the time limit "
            f"(PAPERS_EXTRACT_SECONDS); raise it and run `papers reparse --ocr` for the rest"
        )
    elif failures:
        more = f" (and {len(failures) - 1} more pages)" if len(failures) > 1 else ""
        note = failures[0] + more
    if not any(has_text(p) for p in pages):
        status = "too_large" if stopped is not None else "no_text_layer"
        error = note or "the PDF has no text layer and OCR found no text in its pages"
        return ExtractionResult(status, pages=pages, page_count=count, error=error)
    if not read:
        return ExtractionResult("ok", pages=pages, page_count=count, error=note)
    return ExtractionResult(
        "ocr", pages=pages, page_count=count, error=note, ocr_confidence=confidence
    )
