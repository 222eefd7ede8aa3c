"""Sampleshire's PDFs, written with fpdf2: reports, printed minutes, agenda reports packs.

Each PDF is a pure function of the meeting schedule, so the same day gives
the same bytes (the creation date is the publication date, not the clock).
Text goes in with the core Helvetica font in Windows-1252, which covers the
dashes, curly quotes and pound signs council papers use, and pypdfium2
extracts it as written. Every page prints its number, as packs do.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from fpdf import FPDF
from fpdf.fonts import FontFace

from scraper.sample_site.content import COUNCIL_NAME
from scraper.sample_site.record import (
    clock,
    description,
    long_date,
    member_label,
    minutes,
    present,
    resolution,
    resolution_lines,
    work_programme,
)
from scraper.sample_site.schedule import PREVIOUS_MINUTES, WORK_PROGRAMME, Item, Meeting

_WIDTH = 170  # mm between the margins of an A4 page
# Helvetica word widths in mm by (style, size, word): measuring is the slow part.
_WORD_WIDTHS: dict[tuple[str, float, str], float] = {}


class _Document(FPDF):
    def __init__(self, meeting: Meeting, title: str) -> None:
        super().__init__(format="A4")
        self.core_fonts_encoding = "windows-1252"
        # Published a week before the meeting: the date is part of the bytes.
        published = datetime.combine(meeting.start.date() - timedelta(days=7), time(9), UTC)
        self.set_creation_date(published)
        self.set_title(title)
        self.set_author(COUNCIL_NAME)
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=22)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("helvetica", size=9)
        self.cell(0, 8, f"Page {self.page_no()}", align="C")

    def heading(self, text: str, size: int = 12) -> None:
        self.set_font("helvetica", "B", size)
        self._lines(text, size * 0.5, 0)

    def para(self, text: str, *, indent: float = 0, bold: bool = False) -> None:
        self.set_font("helvetica", "B" if bold else "", 10.5)
        self._lines(text, 5, indent)

    def _lines(self, text: str, height: float, indent: float) -> None:
        """Word-wrapped lines, then a small gap.

        Wrapped here rather than with multi_cell, whose line breaking measures
        every prefix of every line and made the site take seconds to build.
        """
        width = _WIDTH - indent
        space = self._width(" ")
        line, used = "", 0.0
        for word in text.split():
            needed = self._width(word)
            if line and used + space + needed > width:
                self.set_x(self.l_margin + indent)
                self.cell(width, height, line, new_x="LMARGIN", new_y="NEXT")
                line, used = "", 0.0
            line, used = (f"{line} {word}", used + space + needed) if line else (word, needed)
        self.set_x(self.l_margin + indent)
        self.cell(width, height, line, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def resolutions(self, lines: list[str]) -> None:
        for line in lines:
            self.para(line, indent=8 if line.startswith("(") else 0, bold=line.startswith("RES"))

    def _width(self, word: str) -> float:
        key = (self.font_style, self.font_size_pt, word)
        if key not in _WORD_WIDTHS:
            _WORD_WIDTHS[key] = self.get_string_width(word)
        return _WORD_WIDTHS[key]

    def to_bytes(self) -> bytes:
        return bytes(self.output())


def report_pdf(meeting: Meeting, item: Item) -> bytes:
    """One agenda item's report, as published on its own."""
    pdf = _Document(meeting, item.title)
    pdf.add_page()
    _write_report(pdf, meeting, item)
    return pdf.to_bytes()


def minutes_pdf(meeting: Meeting) -> bytes:
    """The printed minutes of a held meeting."""
    pdf = _Document(meeting, f"Minutes: {meeting.committee.name}, {long_date(meeting.start)}")
    pdf.add_page()
    _write_minutes(pdf, meeting)
    return pdf.to_bytes()


def pack_pdf(meeting: Meeting) -> bytes:
    """The agenda reports pack: agenda, previous minutes, reports and work programme.

    The agenda prints each item's page range in the pack; a first pass finds
    the ranges, the second prints them (same layout, so the same pages).
    """
    pages: dict[str, tuple[int, int]] = {}
    for _ in range(2):
        pdf = _Document(meeting, f"Agenda: {meeting.committee.name}, {long_date(meeting.start)}")
        _write_agenda(pdf, meeting, pages)
        found: dict[str, tuple[int, int]] = {}
        for item in meeting.items:
            if not _in_pack(meeting, item):
                continue
            pdf.add_page()
            first = pdf.page_no()
            if item.title == PREVIOUS_MINUTES and meeting.previous is not None:
                _write_minutes(pdf, meeting.previous)
            elif item.title == WORK_PROGRAMME:
                _write_work_programme(pdf, meeting, item)
            else:
                _write_report(pdf, meeting, item)
            found[item.number] = (first, pdf.page_no())
        pages = found
    return pdf.to_bytes()


def _in_pack(meeting: Meeting, item: Item) -> bool:
    return (
        item.paper is not None
        or item.title == WORK_PROGRAMME
        or (item.title == PREVIOUS_MINUTES and meeting.previous is not None)
    )


def _write_agenda(pdf: _Document, meeting: Meeting, pages: dict[str, tuple[int, int]]) -> None:
    committee = meeting.committee
    pdf.add_page()
    pdf.heading(COUNCIL_NAME, 16)
    pdf.heading(committee.name, 14)
    pdf.para(f"Date: {long_date(meeting.start)}")
    pdf.para(f"Time: {clock(meeting.start)}")
    pdf.para(f"Venue: {committee.venue}")
    pdf.para(f"Contact: {committee.contact}")
    pdf.para("Membership: " + ", ".join(member_label(m) for m in committee.members))
    pdf.heading("AGENDA", 13)
    for item in meeting.items:
        first, last = pages.get(item.number, (0, 0))
        span = f"  (Pages {first} - {last})" if first != last else f"  (Page {first})"
        span = span if item.number in pages else ""
        pdf.para(f"{item.number}  {item.title}{span}", bold=True)
        pdf.para(description(meeting, item), indent=10)


def _write_report(pdf: _Document, meeting: Meeting, item: Item) -> None:
    paper = item.paper
    assert paper is not None, "only substantive items have reports"
    pdf.set_font("helvetica", "B", 10)
    pdf.cell(_WIDTH, 6, f"Agenda Item {item.number.rstrip('.')}", align="R")
    pdf.ln(8)
    pdf.heading(COUNCIL_NAME, 13)
    pdf.para(f"{meeting.committee.name} - {long_date(meeting.start)}")
    pdf.heading(paper.title, 14)
    pdf.para(paper.author)
    pdf.para(f"Lead officer: {paper.lead_officer}")
    for number, (heading, paragraphs) in enumerate(paper.sections, start=1):
        pdf.heading(f"{number}. {heading}")
        if heading == "Recommendations":
            pdf.para("The Committee is asked to agree that:")
            for paragraph in paragraphs:
                pdf.para(paragraph, indent=8)
            continue
        for sub, paragraph in enumerate(paragraphs, start=1):
            pdf.para(f"{number}.{sub}  {paragraph}")


def _write_minutes(pdf: _Document, meeting: Meeting) -> None:
    committee = meeting.committee
    pdf.heading(COUNCIL_NAME, 13)
    pdf.heading(
        f"Minutes of a meeting of the {committee.name} held on {long_date(meeting.start)} "
        f"at {clock(meeting.start)} in the {committee.venue}",
        12,
    )
    pdf.para("Present: " + ", ".join(member_label(m) for m in present(meeting)))
    pdf.para("Also in attendance: " + ", ".join(committee.officers))
    if meeting.plan.apologies:
        pdf.para("Apologies: " + ", ".join(meeting.plan.apologies))
    for item in meeting.items:
        pdf.heading(f"{item.number}  {item.title.upper()}", 11)
        for paragraph in minutes(meeting, item):
            pdf.para(paragraph)
        pdf.resolutions(resolution_lines(resolution(meeting, item)))
    ended = meeting.start + timedelta(minutes=45 + 25 * len(meeting.items))
    pdf.para(f"The meeting ended at {clock(ended)}.")
    pdf.ln(6)
    pdf.para("Chair: ............................................")


def _write_work_programme(pdf: _Document, meeting: Meeting, item: Item) -> None:
    start = meeting.start.year if meeting.start.month >= 5 else meeting.start.year - 1
    pdf.set_font("helvetica", "B", 10)
    pdf.cell(_WIDTH, 6, f"Agenda Item {item.number.rstrip('.')}", align="R")
    pdf.ln(8)
    pdf.heading(f"{meeting.committee.name}: Work Programme {start}/{str(start + 1)[2:]}", 13)
    pdf.para(
        "The work programme lists the business the Committee expects to consider at its "
        "coming meetings. Members may suggest further topics to the Chair."
    )
    pdf.set_font("helvetica", size=9.5)
    with pdf.table(
        col_widths=(45, 80, 45),
        headings_style=FontFace(emphasis="BOLD"),
        line_height=5,
        text_align="LEFT",
    ) as table:
        for row in [("Meeting", "Item", "Lead officer"), *work_programme(meeting)]:
            cells = table.row()
            for text in row:
                cells.cell(text)
