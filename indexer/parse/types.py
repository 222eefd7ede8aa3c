"""What the parsers return. Page numbers are 1-based, as a PDF viewer counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class ParsedResolution:
    """One decision: "RESOLVED – That ..." with its ordered clauses."""

    kind: str  # resolved / recommended / noted / deferred
    text: str  # the whole resolution as printed, keyword included
    clauses: list[str] = field(default_factory=list)  # "(a) ...", "(b) ..." in order
    page: int | None = None


@dataclass
class ParsedAgendaItem:
    number: str | None  # exactly as printed: "59.", "64/16", "5"
    title: str
    position: int  # 0-based order on the agenda
    description: str | None = None
    report_of: str | None = None  # "Report of the Director of Children's Services"
    page_start: int | None = None  # from "(Pages 79 - 110)": pages of the pack
    page_end: int | None = None
    is_exempt: bool = False
    exemption: str | None = None  # "paragraph 3 of Part 1 of Schedule 12A"


@dataclass
class ParsedAgenda:
    committee: str | None = None
    start: datetime | None = None
    venue: str | None = None
    items: list[ParsedAgendaItem] = field(default_factory=list)


@dataclass
class ParsedAttendance:
    person: str
    role: str  # member / chair / vice_chair / apologies / also_present / absent / officer


@dataclass
class ParsedDeclaration:
    person: str | None
    text: str
    item_number: str | None = None


@dataclass
class ParsedMinutesItem:
    number: str | None
    title: str
    position: int
    text: str = ""
    resolutions: list[ParsedResolution] = field(default_factory=list)
    deferred: bool = False
    page: int | None = None
    agenda_number: str | None = None  # "(Agenda item 4)": the agenda item this minute is


@dataclass
class ParsedMinutes:
    """Minutes of one meeting: whose meeting they record, not where printed."""

    committee: str | None = None
    meeting_date: date | None = None
    meeting_start: datetime | None = None
    venue: str | None = None
    attendance: list[ParsedAttendance] = field(default_factory=list)
    declarations: list[ParsedDeclaration] = field(default_factory=list)
    items: list[ParsedMinutesItem] = field(default_factory=list)


@dataclass
class WorkProgrammeRow:
    title: str
    position: int
    planned_date: date | None = None
    planned_label: str | None = None  # as printed: "tbc", "March 2025"
    section: str | None = None  # main programme / standing items / briefing notes / ...
    details: str | None = None
    outcome: str | None = None
    cabinet_member: str | None = None
    lead_officer: str | None = None
    page: int | None = None


@dataclass
class PackPart:
    """A run of pages in a document: a frontsheet, minutes, a report, ..."""

    kind: str  # a DOCUMENT_KINDS value: agenda / minutes / report / work_programme / ...
    title: str
    page_start: int
    page_end: int
    item_number: str | None = None  # the agenda item a report belongs to
