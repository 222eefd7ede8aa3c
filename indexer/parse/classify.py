"""What a document is, and which meeting it belongs to, from its text.

The first page says most: minutes name the meeting they record, printed
decisions say "Decision notice" or "Record of decisions", a work programme
or forward plan says so in its title, a report has "Report of/by" and
"Purpose of report", an appendix starts "Appendix A". An agenda lists
numbered items; when more parts follow it (minutes, reports) it is a pack.
A document's title (the link text it was published under) settles what the
text leaves open.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from indexer.parse.agenda import parse_agenda
from indexer.parse.heading import read_heading
from indexer.parse.pack import APPENDIX_HEADING, split_pack
from indexer.parse.text import clean

_HEAD = 30
_MINUTES = re.compile(
    r"^(?:draft\s+|confirmed\s+|signed\s+)?minutes\b(?!\s+of\s+the\s+previous)", re.I
)
_MINUTES_OF_MEETING = re.compile(r"\bminutes\s+of\s+(?:an?|the)\b.*\b(?:held|meeting)\b", re.I)
_DECISIONS = re.compile(
    r"\b(?:decision\s+notice|record\s+of\s+(?:executive\s+)?decisions?|decisions?\s+(?:list|sheet|of\s+the)|"
    r"notice\s+of\s+decisions?|printed\s+decisions|key\s+decisions?\s+taken)\b",
    re.I,
)
_FORWARD_PLAN = re.compile(r"\b(?:forward\s+plan|notice\s+of\s+key\s+decisions)\b", re.I)
_WORK_PROGRAMME = re.compile(r"\b(?:work\s*programme|work\s+plan)\b", re.I)
_SUPPLEMENT = re.compile(
    r"\b(?:supplement(?:ary)?|late\s+material|addendum|additional\s+information)\b", re.I
)
_REPORT = re.compile(
    r"\b(?:report\s+(?:of|by|to|from|author|title)|purpose\s+of\s+(?:the\s+)?report|"
    r"recommendations?|executive\s+summary|background\s+papers)\b",
    re.I,
)
_AGENDA_WORDS = re.compile(
    r"\b(?:agenda|will\s+be\s+held|notice\s+of\s+(?:the\s+)?meeting|summons|you\s+are\s+"
    r"(?:hereby\s+)?(?:summoned|invited|requested)|membership|quorum)\b",
    re.I,
)
_TITLE_KINDS = (
    (re.compile(r"(?i)\b(?:reports?\s+pack|public\s+pack|agenda\s+pack)\b"), "agenda_pack"),
    (re.compile(r"(?i)\bfrontsheet\b"), "agenda"),
    (re.compile(r"(?i)\bprinted\s+minutes\b|\bminutes\b"), "minutes"),
    (re.compile(r"(?i)\bdecisions?\b"), "decisions"),
    (_SUPPLEMENT, "supplement"),
    (_FORWARD_PLAN, "forward_plan"),
    (_WORK_PROGRAMME, "work_programme"),
    (re.compile(r"(?i)\b(?:appendix|annex|annexe)\b"), "appendix"),
)


def _head(pages: list[str]) -> list[str]:
    lines = [clean(line) for page in pages[:1] for line in page.splitlines()]
    return [line for line in lines if line][:_HEAD]


def _from_title(title: str | None) -> str | None:
    if not title:
        return None
    for pattern, kind in _TITLE_KINDS:
        if pattern.search(title):
            return kind
    return None


def classify_document(pages: list[str], title: str | None = None) -> str:
    """A documents.kind value for this text ("other" when nothing says)."""
    head = _head(pages)
    if not head:
        return _from_title(title) or "other"
    top = head[:8]
    if any(
        (_MINUTES.match(line) or _MINUTES_OF_MEETING.search(line))
        and not re.match(r"^\d{1,3}[.)]?\s", line)  # an agenda's "3. Minutes of ..." item
        for line in top
    ):
        return "minutes"
    if any(re.match(r"(?i)^(?:members\s+)?present\s*:", line) for line in head):
        return "minutes"  # an attendance list: agendas have none
    if any(_DECISIONS.search(line) for line in top):
        return "decisions"
    if any(_FORWARD_PLAN.search(line) for line in top[:4]):
        return "forward_plan"
    if any(_WORK_PROGRAMME.search(line) for line in top[:4]) and not _AGENDA_WORDS.search(
        " ".join(head)
    ):
        return "work_programme"
    if APPENDIX_HEADING.match(head[0]):
        return "appendix"
    agenda = parse_agenda(pages[:4])
    titled = _from_title(title)
    if len(agenda.items) >= 2 and (
        _AGENDA_WORDS.search(" ".join(head)) or titled in ("agenda", "agenda_pack")
    ):
        parts = split_pack(pages, agenda)
        return "agenda_pack" if len(parts) > 1 else "agenda"
    if titled:
        return titled
    if any(_SUPPLEMENT.search(line) for line in top[:3]):
        return "supplement"
    if _REPORT.search(" ".join(head)):
        return "report"
    return "other"


def detect_meeting(pages: list[str]) -> tuple[str | None, date | datetime | None]:
    """The committee and meeting date (a datetime when a time is printed)."""
    heading = read_heading(
        pages, minutes_first=classify_document(pages) in ("minutes", "decisions")
    )
    return heading.committee, heading.when
