"""Scanned copies of real PDFs, for OCR tests and benchmarks.

Each page of a real council PDF is rendered to a greyscale picture at a
scanner's resolution, optionally turned a little and speckled as a worn
photocopy is, saved as a JPEG (as scanners save) and wrapped in a PDF
that has no text layer. The original's text layer is then the true text of
the scan.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from fpdf import FPDF
from PIL import Image


@dataclass(frozen=True)
class ScanStyle:
    """How a page is scanned."""

    dpi: int = 300
    skew: float = 0.0  # degrees, anticlockwise
    speckle: float = 0.0  # share of pixels turned black or white at random
    quality: int = 75  # JPEG quality

    @property
    def name(self) -> str:
        worn = f", {self.skew:g}° turned, {self.speckle:.1%} speckled" if self.skew else ""
        return f"{self.dpi} dpi{worn}"


CLEAN_150 = ScanStyle(dpi=150)
CLEAN_300 = ScanStyle(dpi=300)
WORN_300 = ScanStyle(dpi=300, skew=1.5, speckle=0.002, quality=60)


def scan_picture(page: pdfium.PdfPage, style: ScanStyle, seed: int = 0) -> Image.Image:
    """One page as a scanner would see it."""
    picture = page.render(scale=style.dpi / 72, grayscale=True).to_pil().convert("L")
    if style.skew:
        picture = picture.rotate(style.skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if style.speckle:
        width, height = picture.size
        pixels = picture.load()
        assert pixels is not None
        chance = random.Random(seed)
        for _ in range(int(width * height * style.speckle)):
            x, y = chance.randrange(width), chance.randrange(height)
            pixels[x, y] = 0 if chance.random() < 0.5 else 255
    return picture


def make_scan(
    source: Path, target: Path, style: ScanStyle = CLEAN_300, pages: Sequence[int] | None = None
) -> Path:
    """An image-only PDF of `source`'s pages (0-based indexes; all by default)."""
    document = pdfium.PdfDocument(source)
    try:
        pdf = FPDF(unit="pt")
        pdf.set_auto_page_break(False)
        for index in pages if pages is not None else range(len(document)):
            page = document[index]
            width, height = page.get_size()
            jpeg = io.BytesIO()
            scan_picture(page, style, seed=index).save(jpeg, "JPEG", quality=style.quality)
            page.close()
            pdf.add_page(format=(width, height))
            pdf.image(jpeg, x=0, y=0, w=width, h=height)
        pdf.output(str(target))
    finally:
        document.close()
    return target


def text_pages(source: Path, target: Path, pages: Sequence[int]) -> Path:
    """A copy of `source` with only these pages (0-based), text layer and all."""
    document = pdfium.PdfDocument(source)
    copy = pdfium.PdfDocument.new()
    try:
        copy.import_pages(document, list(pages))
        copy.save(str(target))
    finally:
        copy.close()
        document.close()
    return target
