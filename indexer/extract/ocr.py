"""Pictures of pages to text with Tesseract: the pages of a scan.

Optional: it needs Debian's `tesseract-ocr` and `tesseract-ocr-eng` and the
`council-papers[ocr]` extra (pytesseract). Without them a scan keeps the
status `no_text_layer` and `papers status` says how to turn OCR on.
"""

from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium

# Pages are rendered at this resolution for Tesseract, whatever the scan's
# own. Measured in bench/ocr.py on scans of real papers: 200 dpi reads as
# many words right as 300 dpi (97 %) at well over half again the speed;
# 150 dpi is a little faster but loses words on worn copies.
OCR_DPI = 200
# What Tesseract reads a bullet point ("•") at the start of a line as.
BULLET_MISREADS = frozenset({"e", "«", "°", "¢"})
# A rendered page whose darkest pixel is lighter than this has nothing
# printed on it: Tesseract is not asked.
BLANK_LEVEL = 160

INSTALL = (
    "install Tesseract (apt-get install tesseract-ocr tesseract-ocr-eng; "
    "pip install 'council-papers[ocr]')"
)
HOW_TO_ENABLE = f"{INSTALL}, then run `papers reparse --ocr`"


@dataclass(frozen=True)
class PageReading:
    text: str
    confidence: float | None  # mean word confidence, 0-100; None when no word was read


class OcrTimeout(Exception):
    """Tesseract ran past the time left for the file."""


class OcrFailed(Exception):
    """Tesseract could not read the page (it crashed, or ran out of memory)."""


def available() -> bool:
    """Whether OCR can run here: pytesseract and a `tesseract` with English."""
    return _available(os.environ.get("PATH", ""))


@functools.cache
def _available(path: str) -> bool:  # cached per PATH, which decides what is found
    try:
        import pytesseract
    except ImportError:
        return False
    if shutil.which("tesseract", path=path) is None:
        return False
    try:
        return "eng" in pytesseract.get_languages()
    except (OSError, pytesseract.TesseractError):
        return False


def read_page(page: pdfium.PdfPage, seconds: float) -> PageReading:
    """The text Tesseract reads in one page's picture, line by line.

    Raises OcrTimeout when it takes longer than `seconds`, OcrFailed when
    Tesseract fails.
    """
    import pytesseract

    image = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
    darkest, _ = image.getextrema()
    if darkest > BLANK_LEVEL:
        return PageReading("", None)
    # One thread per Tesseract: the pool already runs one reader per core,
    # and Tesseract's own threads then fight over them (ten times slower).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        data = pytesseract.image_to_data(
            image,
            lang="eng",
            config=f"--dpi {OCR_DPI} --psm 3",
            timeout=max(seconds, 0.1),
            output_type=pytesseract.Output.DICT,
        )
    except RuntimeError as exc:  # pytesseract's way of saying it stopped Tesseract
        if "timeout" in str(exc).lower():
            raise OcrTimeout from exc
        raise OcrFailed(str(exc)) from exc
    except (OSError, pytesseract.TesseractError) as exc:
        raise OcrFailed(" ".join(str(exc).split())[:200]) from exc
    return reading_from_data(data)


def reading_from_data(data: dict[str, list[Any]]) -> PageReading:
    """Tesseract's word table to lines of text and a mean confidence.

    Lines are joined with line breaks and no blank lines between
    paragraphs, as the text-layer reader gives them to the parsers.
    """
    lines: dict[tuple[int, int, int], list[str]] = {}
    weighted = characters = 0.0
    for n, word in enumerate(data["text"]):
        word = (word or "").strip()
        confidence = float(data["conf"][n])
        if not word or confidence < 0:
            continue
        key = (data["block_num"][n], data["par_num"][n], data["line_num"][n])
        lines.setdefault(key, []).append(word)
        weighted += confidence * len(word)
        characters += len(word)
    for words in lines.values():
        if len(words) > 1 and words[0] in BULLET_MISREADS:
            words[0] = "•"  # the parsers read bullets as clause markers
    text = "\n".join(" ".join(words) for words in lines.values())
    return PageReading(text, round(weighted / characters, 1) if characters else None)
