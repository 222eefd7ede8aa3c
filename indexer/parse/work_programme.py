"""Work programmes and forward plans: one row per planned item.

Two layouts are read. A table whose cells arrive separated by tabs (Word
tables, HTML) is read by its header row ("Date | Item | Details | Outcome |
Cabinet Member | Lead Officer"). Text where each row starts with its planned
date or label ("10 July 2024 SEND transport ...", "tbc Edge of care ...") or
sits under a date heading is read line by line: the row's first line is its
title, a "Cllr ..." name on it is the cabinet member and what follows that
the lead officer; the lines after it are details. Section headings
("Standing items", "Briefing notes", "Inquiry days / working groups") apply
to the rows below them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from indexer.parse.text import MONTH_NAME, MONTH_YEAR, Line, clean, find_date, page_lines
from indexer.parse.types import WorkProgrammeRow

_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        (
            "cabinet_member",
            r"\b(?:cabinet\s+member|portfolio(?:\s+holder)?|lead\s+member|executive\s+member)\b",
        ),
        ("lead_officer", r"\b(?:lead\s+officer|officer|contact|report\s+author|author|lead)\b"),
        ("planned", r"\b(?:date|meeting|month|when|timing|timescale)\b"),
        ("outcome", r"\b(?:outcome|action|decision|objectives?|recommendation)\b"),
        ("details", r"\b(?:details|description|purpose|scope|summary|reason|notes|comments)\b"),
        ("title", r"\b(?:item|title|topic|subject|report|issue|matter)\b"),
    )
)
_SECTION = re.compile(
    r"^(?:main\s+(?:work\s+)?programme|standing\s+items?|briefing\s+notes?|inquiry\s+days?|"
    r"working\s+groups?|task\s+(?:and|&)\s+finish|items?\s+(?:still\s+)?to\s+be\s+scheduled|"
    r"unscheduled\s+items?|future\s+items?|items?\s+for\s+(?:future|consideration)|"
    r"information\s+items?|site\s+visits?|scrutiny\s+reviews?|training)\b[^\t]{0,60}$",
    re.I,
)
_LABEL = re.compile(
    r"^(?:(?:meeting(?:\s+date)?|date|committee\s+date)\s*:?\s*)?"
    r"(?P<label>tbc|tba|tbd|to\s+be\s+(?:confirmed|scheduled|agreed|determined)|date\s+tbc|"
    r"awaiting\s+(?:the\s+)?(?:final\s+|outcome\s+of\s+(?:the\s+)?)?(?:report|decision|outcome|"
    r"response|review|results?|consultation|guidance)|ongoing|as\s+required|(?:spring|summer|autumn|winter)(?:\s+\d{4})?)\b",
    re.I,
)
_DATE_PREFIX = re.compile(
    r"^(?:(?:meeting(?:\s+date)?|date|committee\s+date)\s*:?\s*)?(?:\w+day,?\s+)?", re.I
)
# A date cell wrapped before its year: "Thursday 10 December" / "2026".
_DAY_MONTH = re.compile(rf"^(?:\w+day,?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_NAME}$", re.I)
_YEAR_FIRST = re.compile(r"^(?:19|20)\d\d$")
# A lead officer's cell: "Kerry Nolan, Head of ...", "Dr Anita Shah, Director ...".
_PERSON = re.compile(
    r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,2},\s*[A-Z]"
)
_MEMBER = re.compile(
    r"\b(?:Cllr\.?|Councillor)\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?:\s*\([^)]{1,60}\))?"
)


_MAX_ROW_TITLE = 160
_MAX_ROW_WORDS = 24


@dataclass
class _Row:
    planned: str | None
    section: str | None
    page: int
    cells: dict[str, str] = field(default_factory=dict)
    more: list[str] = field(default_factory=list)


def _planned(text: str) -> tuple[str, str] | None:
    """(the date or label as printed, the rest of the line) if the line starts with one."""
    text = text.strip()
    found = _LABEL.match(text)
    if found:
        return found.group("label"), text[found.end() :].strip(" -–:")
    prefix = _DATE_PREFIX.match(text)
    start = prefix.end() if prefix else 0
    day = find_date(text[start:])
    if day is not None and day[1] == 0:
        return text[start : start + day[2]], text[start + day[2] :].strip(" -–:")
    month = MONTH_YEAR.match(text[start:])
    if month is not None:
        return text[start : start + month.end()], text[start + month.end() :].strip(" -–:")
    return None


def _header(cells: list[str]) -> list[str | None] | None:
    """Field names of a header row's cells, if it is one (two fields at least)."""
    names: list[str | None] = []
    for cell in cells:
        names.append(next((n for n, p in _FIELDS if p.search(cell) and len(cell) < 40), None))
    known = {n for n in names if n}
    filled = [c for c in cells if c]
    return names if len(known) >= 3 or (len(known) >= 2 and len(known) == len(filled)) else None


def _header_in_text(text: str) -> list[str] | None:
    """The fields a one-line header names ("Meeting Item Lead officer"), in order."""
    if len(text) >= 120:
        return None
    found = sorted((m.start(), n) for n, p in _FIELDS if (m := p.search(text)))
    return [n for _, n in found] if len(found) >= 3 else None


def _join_wrapped_dates(lines: list[Line]) -> list[Line]:
    """A date cell wrapped before its year, made one line again."""
    out: list[Line] = []
    for line in lines:
        last = out[-1] if out else None
        if (
            last is not None
            and last.page == line.page
            and _DAY_MONTH.match(last.text)
            and _YEAR_FIRST.match(line.text)
        ):
            out[-1] = Line(f"{last.text} {line.text}", last.page, last.bullet)
        else:
            out.append(line)
    return out


def _continue(row: _Row, text: str, columns: list[str] | None) -> None:
    """A row's further line: its details, or, in a table without a details
    column, the wrapped title until the lead officer's cell starts."""
    if not columns or "lead_officer" not in columns or "details" in columns:
        row.more.append(text)
    elif row.cells.get("lead_officer") or _PERSON.match(text):
        row.cells["lead_officer"] = f"{row.cells.get('lead_officer', '')} {text}".strip()
    else:
        row.cells["title"] = f"{row.cells.get('title', '')} {text}".strip()


def _to_row(row: _Row, position: int) -> WorkProgrammeRow | None:
    cells = dict(row.cells)
    title = clean(cells.pop("title", ""))
    details = " ".join(filter(None, [cells.pop("details", ""), *row.more])).strip()
    if not title:
        return None
    planned = cells.pop("planned", None) or row.planned
    planned_date: date | None = None
    label = clean(planned) if planned else None
    found = find_date(planned) if planned else None
    if found is not None:
        planned_date, label = found[0], None
    return WorkProgrammeRow(
        title=title,
        position=position,
        planned_date=planned_date,
        planned_label=label,
        section=row.section,
        details=clean(details) or None,
        outcome=clean(cells.get("outcome", "")) or None,
        cabinet_member=clean(cells.get("cabinet_member", "")) or None,
        lead_officer=clean(cells.get("lead_officer", "")) or None,
        page=row.page,
    )


def _first_line(text: str) -> dict[str, str]:
    """Title, cabinet member and lead officer from a row's first line of text."""
    member = _MEMBER.search(text)
    if member is None:
        return {"title": text}
    return {
        "title": text[: member.start()].strip(" -–,"),
        "cabinet_member": member.group().strip(),
        "lead_officer": text[member.end() :].strip(" -–,"),
    }


def _tab_row(cells: list[str], columns: list[str | None] | None) -> dict[str, str]:
    if columns is None:
        # No header: the usual order, with the date first when there is one.
        names = ["planned", "title", "details", "outcome", "cabinet_member", "lead_officer"]
        if _planned(cells[0]) is None:
            names = names[1:]
        columns = list(names)
    return {name: cell for name, cell in zip(columns, cells, strict=False) if name and cell.strip()}


def _read(lines: list[Line]) -> list[_Row]:
    rows: list[_Row] = []
    section: str | None = None
    planned: str | None = None
    columns: list[str | None] | None = None
    text_columns: list[str] | None = None
    current: _Row | None = None
    for line in _join_wrapped_dates(lines):
        raw = line.text
        cells = [c.strip() for c in raw.split("\t")]
        if len(cells) > 1 and any(cells):
            header = _header(cells)
            if header is not None:
                columns, current = header, None
                continue
            current = _Row(planned, section, line.page, _tab_row(cells, columns))
            rows.append(current)
            continue
        text = clean(raw)
        if _SECTION.match(text):
            section, current, planned = text.rstrip(":"), None, None
            continue
        header_fields = _header_in_text(text)
        if header_fields and not _planned(text):
            text_columns, current = header_fields, None
            continue
        found = _planned(text)
        if found is not None:
            label, rest = found
            if not rest:
                planned, current = label, None  # a date heading over its rows
                continue
            current = _Row(label, section, line.page, _first_line(rest))
            rows.append(current)
            continue
        if current is None or line.bullet or re.match(r"^\d{1,2}[.)]\s", text):
            text = re.sub(r"^\d{1,2}[.)]\s+", "", text)
            if planned is None and section is None and current is None and not rows:
                continue  # the document's title and introduction
            current = _Row(planned, section, line.page, _first_line(text))
            rows.append(current)
            continue
        _continue(current, text, text_columns)
    return rows


def _looks_like_row(row: WorkProgrammeRow) -> bool:
    """A programme's row names an item; a sentence of a report ("The Committee
    is asked to note ...") is no row."""
    words = row.title.split()
    if len(row.title) > _MAX_ROW_TITLE or len(words) > _MAX_ROW_WORDS:
        return False
    return not (row.title.endswith(".") and len(words) > 8)


def parse_work_programme(pages: list[str]) -> list[WorkProgrammeRow]:
    """Rows of a work programme or forward plan, in the order printed.

    The programme is its table of planned rows: text (not a table) in which
    no row has a planned date or label (a covering report, an agenda item
    titled "Work Programme") gives none, and a long sentence is no row."""
    found: list[WorkProgrammeRow] = []
    lines = page_lines(pages)
    for row in _read(lines):
        parsed = _to_row(row, len(found))
        if parsed is not None and _looks_like_row(parsed):
            parsed.position = len(found)
            found.append(parsed)
    tabled = any("\t" in line.text for line in lines)  # a table read by its header
    if not tabled and not any(r.planned_date or r.planned_label for r in found):
        return []
    return found
