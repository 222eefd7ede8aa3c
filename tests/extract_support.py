"""Files for the reading tests, made on the spot: PDFs with fpdf2, DOCX with
python-docx, HTML and text. Each PDF page holds the given lines."""

from __future__ import annotations

from pathlib import Path

import docx
from fpdf import FPDF
from PIL import Image, ImageDraw


def make_pdf(path: Path, pages: list[list[str]], user_password: str | None = None) -> Path:
    """A PDF with a real text layer, one list of lines per page."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for lines in pages:
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    if user_password:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path, pages: int = 2) -> Path:
    """Pages that are only a picture of text, as a scanner makes them."""
    picture = Image.new("RGB", (600, 300), "white")
    ImageDraw.Draw(picture).text((20, 20), "Minutes of the Audit Committee", fill="black")
    pdf = FPDF(format="A4")
    for _ in range(pages):
        pdf.add_page()
        pdf.image(picture, x=10, y=10, w=180)
    pdf.output(str(path))
    return path


def make_docx(path: Path) -> Path:
    """Two pages: an explicit page break between a paragraph and a table."""
    document = docx.Document()
    document.add_heading("Children and Young People Scrutiny Panel", level=1)
    document.add_paragraph("Minutes of the meeting held on 10 July 2018")
    document.add_page_break()
    table = document.add_table(rows=2, cols=3)
    for row, cells in zip(
        table.rows, (("Date", "Item", "Lead"), ("tbc", "SEND transport", "Ann Lee")), strict=True
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.save(str(path))
    return path


HTML_PAGE = """<!doctype html>
<html><head><title>Ignored title</title><style>p { color: red }</style></head>
<body>
<script>var hidden = "never shown";</script>
<h1>Audit Committee</h1>
<p>Decision: <b>RESOLVED</b> that the report be noted.</p>
<div style="display: none">secret navigation</div>
<ul><li>First point</li><li>Second&nbsp;point</li></ul>
<table><tr><td>Item</td><td>Lead</td></tr></table>
</body></html>
"""
