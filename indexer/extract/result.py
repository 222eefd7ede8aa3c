"""What extraction returns, and the limits it works under."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from indexer.errors import UsageError
from indexer.extract import ocr

DEFAULT_MAX_PAGES = 2000
DEFAULT_SECONDS = 120.0
# Address space per reading process: far above what a real 2,000-page pack
# needs, far below what a decompression bomb asks for.
DEFAULT_MEMORY_MB = 2048


@dataclass
class ExtractionResult:
    status: str  # a TEXT_STATUSES value other than "pending"
    pages: list[str] = field(default_factory=list)  # page 1 first
    page_count: int | None = None
    error: str | None = None  # why, for anything but "ok"
    # Per page (page 1 first) where any page was read by OCR: Tesseract's
    # mean word confidence, None for a page read from its text layer.
    ocr_confidence: list[float | None] = field(default_factory=list)


@dataclass(frozen=True)
class Limits:
    """Caps that keep one monster or hostile file from holding up a run."""

    max_pages: int = DEFAULT_MAX_PAGES
    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB
    # Read pages without text by OCR (where Tesseract is installed). Decided
    # by the caller: readers started from a fork server do not see its PATH.
    ocr: bool = True

    @classmethod
    def from_env(cls) -> Limits:
        """`PAPERS_MAX_PAGES`, `PAPERS_EXTRACT_SECONDS` and `PAPERS_EXTRACT_MEMORY_MB`
        override the defaults; OCR where this process finds Tesseract."""
        return cls(
            max_pages=int(_env_number("PAPERS_MAX_PAGES", DEFAULT_MAX_PAGES)),
            seconds=_env_number("PAPERS_EXTRACT_SECONDS", DEFAULT_SECONDS),
            memory_mb=int(_env_number("PAPERS_EXTRACT_MEMORY_MB", DEFAULT_MEMORY_MB)),
            ocr=ocr.available(),
        )

    def out_of_memory(self) -> ExtractionResult:
        """The result for a file whose reading hit the memory cap."""
        return ExtractionResult(
            "too_large",
            error=f"reading it needed more than {self.memory_mb} MB of memory and was stopped "
            "(PAPERS_EXTRACT_MEMORY_MB)",
        )


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{name} must be a number, not {raw!r}") from None
    if value <= 0:
        raise UsageError(f"{name} must be greater than 0, not {raw!r}")
    return value
