"""Plain text: a form feed starts a new page (as pdftotext writes them)."""

from __future__ import annotations

from pathlib import Path

from indexer.extract.result import ExtractionResult


def decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else Windows-1252 as old council files are."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def split_pages(text: str, max_pages: int) -> ExtractionResult:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = [page.strip("\n") for page in text.split("\f")]
    if len(pages) > 1 and not pages[-1].strip():
        pages.pop()  # a trailing form feed ends the last page, it does not start one
    if len(pages) > max_pages:
        return ExtractionResult(
            "too_large",
            page_count=len(pages),
            error=f"{len(pages)} pages is over the limit of {max_pages} (PAPERS_MAX_PAGES)",
        )
    if not any(page.strip() for page in pages):
        return ExtractionResult("failed", pages=pages, page_count=len(pages), error="no text")
    return ExtractionResult("ok", pages=pages, page_count=len(pages))


def extract(path: Path, max_pages: int) -> ExtractionResult:
    return split_pages(decode(path.read_bytes()), max_pages)
