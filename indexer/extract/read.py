"""Choose the reader for a file by its content, then its declared type."""

from __future__ import annotations

import time
from pathlib import Path

from indexer.extract import html, pdf, plain, word
from indexer.extract.bombs import MB, docx_too_large, pdf_too_large
from indexer.extract.result import ExtractionResult, Limits

# A web page this big is not a council paper worth reading as text.
MAX_HTML_BYTES = 20 * MB
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_format(head: bytes, content_type: str | None, suffix: str = "") -> str | None:
    """ "pdf", "docx", "doc", "html" or "text"; None when we cannot read it.

    The bytes win over the declared type: councils' servers often send PDFs
    as application/octet-stream and error pages as application/pdf.
    """
    declared = (content_type or "").split(";")[0].strip().lower()
    suffix = suffix.lower()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        is_docx = declared in ("", DOCX_TYPE, "application/zip") or suffix == ".docx"
        return "docx" if is_docx else None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if declared in ("text/html", "application/xhtml+xml") or suffix in (".html", ".htm"):
        return "html"
    if declared == "text/plain" or suffix in (".txt", ".text"):
        return "text"
    if declared == "application/pdf" or suffix == ".pdf":
        return "pdf"  # not a PDF after all: the reader says it is damaged
    sniff = head[:512].lstrip().lower()
    if sniff.startswith((b"<!doctype html", b"<html")):
        return "html"
    return None


def _too_large(path: Path, kind: str | None) -> str | None:
    """Why the file would expand beyond reason when read, or None."""
    if kind == "pdf":
        return pdf_too_large(path)
    if kind == "docx":
        return docx_too_large(path)
    if kind == "html" and path.stat().st_size > MAX_HTML_BYTES:
        size = path.stat().st_size // MB
        return f"a {size:,} MB web page is over the {MAX_HTML_BYTES // MB} MB limit for reading"
    return None


def extract_file(
    path: str | Path, content_type: str | None = None, limits: Limits | None = None
) -> ExtractionResult:
    """Page texts of one file. Never raises: problems come back as a status."""
    limits = limits or Limits()
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError as exc:
        return ExtractionResult("failed", error=f"cannot read the file: {exc.strerror or exc}")
    kind = file_format(head, content_type, path.suffix)
    deadline = time.monotonic() + limits.seconds
    try:
        too_large = _too_large(path, kind)
        if too_large:
            return ExtractionResult("too_large", error=too_large)
        if kind == "pdf":
            return pdf.extract(path, limits.max_pages, deadline, use_ocr=limits.ocr)
        if kind == "docx":
            return word.extract(path, limits.max_pages)
        if kind == "html":
            return html.extract(path)
        if kind == "text":
            return plain.extract(path, limits.max_pages)
    except MemoryError:  # the worker's memory cap (indexer/extract/pool.py)
        return limits.out_of_memory()
    except Exception as exc:  # a reader's bug must not stop the run
        return ExtractionResult("failed", error=f"{type(exc).__name__}: {exc}")
    if kind == "doc":
        return ExtractionResult(
            "failed", error="old Word .doc files cannot be read; save it as .docx or PDF"
        )
    return ExtractionResult(
        "failed", error=f"not a PDF, DOCX, HTML or text file ({content_type or 'unknown type'})"
    )
