"""Choose the reader for a file by its content, then its declared type."""

from __future__ import annotations

import time
from pathlib import Path

from indexer.extract import html, pdf, plain, word
from indexer.extract.result import ExtractionResult, Limits

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
        if kind == "pdf":
            return pdf.extract(path, limits.max_pages, deadline, use_ocr=limits.ocr)
        if kind == "docx":
            return word.extract(path, limits.max_pages)
        if kind == "html":
            return html.extract(path)
        if kind == "text":
            return plain.extract(path, limits.max_pages)
    except Exception as exc:  # a reader's bug must not stop the run
        return ExtractionResult("failed", error=f"{type(exc).__name__}: {exc}")
    if kind == "doc":
        return ExtractionResult(
            "failed", error="old Word .doc files cannot be read; save it as .docx or PDF"
        )
    return ExtractionResult(
        "failed", error=f"not a PDF, DOCX, HTML or text file ({content_type or 'unknown type'})"
    )
