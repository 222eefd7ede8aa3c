"""Split an agenda reports pack into its parts.

A pack is the frontsheet, then the previous meeting's minutes, each report
with its appendices, and often the work programme, in one PDF. Parts start
where the agenda's page ranges say (printed page numbers, turned into PDF
pages through the "Page N" stamps packs carry) and where a page's top says
so itself ("Agenda Item 5", "Minutes of ...", "Appendix A", "Work
Programme"). Each part runs to the page before the next one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from indexer.parse.text import PAGE_NUMBER_LINE, clean, furniture, printed_page_number, shape
from indexer.parse.types import PackPart, ParsedAgenda, ParsedAgendaItem

_TOP_LINES = 8
_AGENDA_ITEM_STAMP = re.compile(
    r"^agenda\s+item\s+(?:no\.?\s*)?(\d{1,3}(?:\.\d{1,2})?[a-z]?)\b", re.I
)
_MINUTES_TOP = re.compile(
    r"\bminutes\s+of\b|^present\s*:|^(?:members|councillors)\s+present\b", re.I
)
_PRESENT = re.compile(r"^(?:members\s+|councillors\s+)?present\s*[:–-]", re.I)
# A page that starts an appendix: "Appendix A", "Annex 2".
APPENDIX_HEADING = re.compile(r"^(?:appendix|annex|annexe|enclosure)\s+[A-Z0-9]{1,4}\b", re.I)
_WORK_PROGRAMME = re.compile(r"\b(?:work\s*programme|work\s+plan|forward\s+plan)\b", re.I)
_REPORT_TOP = re.compile(
    r"^(?:report\s+(?:of|by|to|from|title)\b|purpose\s+of\s+(?:the\s+)?report\b|"
    r"(?:report\s+)?summary\b|recommendations?\b|executive\s+summary\b)",
    re.I,
)
_MINUTES_TITLE = re.compile(r"\bminutes\b", re.I)


@dataclass
class _Start:
    page: int
    kind: str
    title: str
    item_number: str | None


def _kind_for(title: str) -> str:
    if _MINUTES_TITLE.search(title) and not re.search(r"(?i)\bmatters arising\b", title):
        return "minutes"
    if _WORK_PROGRAMME.search(title):
        return "work_programme"
    return "report"


def _offset(pages: list[str]) -> int:
    """PDF page minus printed page, as most "Page N" stamps agree (0 if none)."""
    seen = Counter(
        index - number
        for index, page in enumerate(pages, start=1)
        if (number := printed_page_number(page)) is not None
    )
    return seen.most_common(1)[0][0] if seen else 0


def _top(page: str, repeated: set[str]) -> list[str]:
    """The first lines of a page that are not page numbers or running headers."""
    kept: list[str] = []
    for raw in page.splitlines():
        line = clean(raw)
        if not line or PAGE_NUMBER_LINE.match(line):
            continue
        # "Agenda Item 5" repeats on many pages' tops, but it is no running header.
        if _AGENDA_ITEM_STAMP.match(line) or shape(line) not in repeated:
            kept.append(line)
            if len(kept) == _TOP_LINES:
                break
    return kept


def _page_start(top: list[str]) -> _Start | None:
    """What a page's first lines say it starts, if anything. An "Agenda Item 5"
    stamp gives the item; the lines under it say whether it is a report, the
    minutes or the work programme."""
    stamp = next((m for line in top[:3] if (m := _AGENDA_ITEM_STAMP.match(line))), None)
    body = [line for line in top if not _AGENDA_ITEM_STAMP.match(line)]
    body = [line for line in body if not re.match(r"(?i)^public document pack$", line)]
    if not body:
        return None
    number = stamp.group(1) if stamp else None
    if any(_MINUTES_TOP.search(line) for line in body[:4]) and any(
        _PRESENT.match(line) for line in body
    ):
        title = next((t for t in body if re.search(r"(?i)\bminutes\s+of\b", t)), body[0])
        return _Start(0, "minutes", title, number)
    if APPENDIX_HEADING.match(body[0]):
        return _Start(0, "appendix", body[0], number)
    if any(_WORK_PROGRAMME.search(line) for line in body[:2]) and len(body[0]) < 120:
        return _Start(0, "work_programme", body[0], number)
    return _Start(0, "report", body[0], number) if stamp else None


def _agenda_starts(items: list[ParsedAgendaItem], offset: int, count: int) -> list[_Start]:
    starts = []
    for item in items:
        if item.page_start is None:
            continue
        page = item.page_start + offset
        if 1 < page <= count:
            starts.append(_Start(page, _kind_for(item.title), item.title, item.number))
    return starts


def split_pack(pages: list[str], agenda: ParsedAgenda | None = None) -> list[PackPart]:
    """Parts of a reports pack, in page order, covering every page."""
    if not pages:
        return []
    offset = _offset(pages)
    starts = {s.page: s for s in _agenda_starts(agenda.items if agenda else [], offset, len(pages))}
    repeated = furniture(pages)
    current: _Start | None = None
    for number in range(2, len(pages) + 1):
        if number in starts:
            current = starts[number]
            continue
        found = _page_start(_top(pages[number - 1], repeated))
        if found is None:
            continue
        found.page = number
        if found.kind == "appendix" and current is not None:
            found.item_number = current.item_number
        starts[number] = current = found
    ordered = sorted(starts.values(), key=lambda s: s.page)
    parts = []
    first = ordered[0].page if ordered else len(pages) + 1
    parts.append(PackPart(kind="agenda", title="Agenda", page_start=1, page_end=first - 1))
    for index, start in enumerate(ordered):
        end = ordered[index + 1].page - 1 if index + 1 < len(ordered) else len(pages)
        parts.append(
            PackPart(
                kind=start.kind,
                title=start.title,
                page_start=start.page,
                page_end=end,
                item_number=start.item_number,
            )
        )
    return parts
