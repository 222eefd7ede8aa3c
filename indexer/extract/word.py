"""DOCX text with python-docx: paragraphs and tables in document order.

A DOCX has no fixed pages (they depend on the printer); an explicit page
break starts a new page here, otherwise the whole document is one page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn

from indexer.extract.plain import split_pages
from indexer.extract.result import ExtractionResult

PAGE_BREAK = "\f"


def _paragraph_text(paragraph: Any) -> str:
    """Text of a w:p element; breaks and tabs as characters."""
    parts: list[str] = []
    if paragraph.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None:
        parts.append(PAGE_BREAK)
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        elif node.get(qn("w:type")) == "page":
            parts.append(PAGE_BREAK)
        else:
            parts.append("\n")
    return "".join(parts)


def _table_text(table: Any) -> str:
    """One line per row, cells separated by tabs (as a PDF table reads)."""
    rows = []
    for row in table.iter(qn("w:tr")):
        cells = [
            " ".join(_paragraph_text(p).strip() for p in cell.iter(qn("w:p"))).strip()
            for cell in row.iter(qn("w:tc"))
        ]
        rows.append("\t".join(cells))
    return "\n".join(rows)


def extract(path: Path, max_pages: int) -> ExtractionResult:
    body = docx.Document(str(path)).element.body
    blocks = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            blocks.append(_paragraph_text(child))
        elif child.tag == qn("w:tbl"):
            blocks.append(_table_text(child))
    text = "\n".join(blocks).replace("\n" + PAGE_BREAK, PAGE_BREAK)
    return split_pages(text, max_pages)
