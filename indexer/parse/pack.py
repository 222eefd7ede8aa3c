"""Split an agenda reports pack (or a supplement) into its parts.

A pack is the frontsheet (or a supplement's covering letter), then the
previous meeting's minutes, each report with its appendices, and often the
work programme, in one PDF. A part starts

- where the agenda's page ranges say (printed page numbers, turned into PDF
  pages through the "Page N" stamps packs carry), and on the page after an
  item's range ends;
- where a page is stamped "Agenda Item 5" (at its top or its foot, often as
  "Page 1 Agenda Item 5");
- where a page's top says so itself: "Minutes of ..." with a "Present:"
  list, "Appendix A" (a new letter or number), "Work Programme";
- inside the numbered pages of a pack, on the first page after a blank one
  ("This page is intentionally left blank": packs pad each document so the
  next starts on a fresh sheet), and on the page after a report's closing
  "Background papers" section;
- where a page opens with the same heading as an earlier part did (a second
  form of the same kind) and the page before did not.

Each part runs to the page before the next one, so a blank page belongs to
the part before it. A part found inside an item's pages, or after a part of
an item, belongs to that item; after an item's first part, a report is that
report's appendix. Blank pages never start a part.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from indexer.parse.text import PAGE_NUMBER_LINE, clean, furniture, is_blank, shape
from indexer.parse.types import PackPart, ParsedAgenda, ParsedAgendaItem

_TOP_LINES = 8
_HEAD, _TAIL = 40, 10  # lines read at a page's top and foot
_EDGE = 3  # lines at a page's foot where stamps are printed
_STAMP = re.compile(
    r"^(?:page\s+\d{1,4}(?:\s+of\s+\d{1,4})?\s+)?agenda\s+item\s+(?:no\.?\s*)?(\d{1,3}(?:\.\d{1,2})?[a-z]?)\b"
    r"(?:\s+page\s+\d{1,4}|\s*[-–:]\s+\S.{0,200})?$",  # "Agenda Item 5 - Budget" too
    re.I,
)
_PAGE_STAMP = re.compile(r"^page\s+(\d{1,4})\b(?:\s+of\s+\d{1,4})?", re.I)
_MINUTES_TOP = re.compile(
    r"\bminutes\s+of\b|^present\s*:|^(?:members|councillors)\s+present\b", re.I
)
_PRESENT = re.compile(r"^(?:members\s+|councillors\s+)?present\s*[:–-]", re.I)
# A page that starts an appendix: "Appendix A", "Annex 2".
APPENDIX_HEADING = re.compile(r"^(?:appendix|annex|annexe|enclosure)\s+[A-Z0-9]{1,4}\b", re.I)
_APPENDIX_LABEL = re.compile(r"^(?:appendix|annex|annexe|enclosure)\s+([A-Z0-9]{1,4})\b", re.I)
_WORK_PROGRAMME = re.compile(r"\b(?:work\s*programme|work\s+plan|forward\s+plan)\b", re.I)
_MINUTES_TITLE = re.compile(r"\bminutes\b", re.I)
# What a supporting document says at its top: it is filed as an appendix.
_SUPPORTING = re.compile(
    r"\b(?:equality\s+(?:impact\s+)?(?:assessment|analysis)|eq\s?ia\b|"
    r"proposed\s+(?:record\s+of\s+)?decision\b)",
    re.I,
)
# What a report prints on its first page (a line starting with one of these).
_REPORT_MARK = re.compile(
    r"^(?:(?:from|to|by|subject|title|author)\s*:|report\s+(?:of|by|to|from|title|author)\b|"
    r"purpose\s+of\s+(?:the\s+)?report\b|(?:report\s+|executive\s+)?summary\b|"
    r"recommendations?\b|wards?\s+affected\b|key\s+decision\b|decision\s+(?:no|number)\b|"
    r"classification\s*:|(?:lead|contact)\s+officer\b|portfolio\s+holder\b|"
    r"meeting\s*:|date\s+of\s+meeting\b)",
    re.I,
)
# The section that closes a report: what follows its page is another document.
_CLOSING = re.compile(r"^(?:\d{1,2}\.?\s*)?background\s+(?:papers|documents)\b", re.I)
_CLOSING_TAIL = 8  # at most this many lines after it on its page
_MAX_TITLE = 200


@dataclass
class _Start:
    page: int
    kind: str
    title: str
    item_number: str | None
    heading: str = ""  # the page's first line, to spot a second document of the same kind
    label: str | None = None  # "F" of "Appendix F"


# Large enough for every page of a big pack: split_pack reads each page several
# times, and a cache smaller than the pack misses on every sequential pass.
@lru_cache(maxsize=2048)
def _lines(page: str) -> tuple[str, ...]:
    """A page's first and last lines, cleaned: all that is read of a page here
    (so a huge page costs no more than a short one)."""
    raw = [line for line in page.splitlines() if line.strip()]
    if len(raw) > _HEAD + _TAIL:
        raw = raw[:_HEAD] + raw[-_TAIL:]
    return tuple(text for line in raw if (text := clean(line)))


def _edges(page: str) -> list[str]:
    lines = _lines(page)
    return [*lines[-_EDGE:], *lines[:_EDGE]]


def item_stamp(page: str) -> str | None:
    """The item of an "Agenda Item 5" stamp at the page's top or foot."""
    found = next((m for line in _edges(page) if (m := _STAMP.match(line))), None)
    return found.group(1) if found else None


def _printed_number(page: str) -> int | None:
    """The pack's "Page N" stamp ("Page 1 Agenda Item 9" too), at its foot or top."""
    lines = _lines(page)
    for line in [*lines[-_EDGE:], *lines[:2]]:
        found = _PAGE_STAMP.match(line)
        if found and (found.end() == len(line) or _STAMP.match(line)):
            return int(found.group(1))
    return None


def first_stamped(pages: list[str]) -> int | None:
    """The first page (after the first) stamped "Agenda Item N": where the
    papers of the items start (an agenda or letter is printed before it)."""
    return next((index for index, page in enumerate(pages[1:], start=2) if item_stamp(page)), None)


def body_start(pages: list[str]) -> int | None:
    """The first page of the pack's numbered body: stamped "Agenda Item N", or
    numbered "Page N" afresh (lower than its place in the file). The
    frontsheet or covering letter is the pages before it."""
    for index, page in enumerate(pages[1:], start=2):
        if item_stamp(page) is not None:
            return index
        number = _printed_number(page)
        if number is not None and number < index:
            return index
    return None


def _normal(number: str) -> str:
    return re.sub(r"^(?:agenda\s+)?item\s+", "", number.strip().lower()).strip(".):")


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
        if (number := _printed_number(page)) is not None
    )
    return seen.most_common(1)[0][0] if seen else 0


def _top(page: str, repeated: set[str]) -> list[str]:
    """The first lines of a page that are not page numbers, stamps or running headers."""
    kept: list[str] = []
    for line in _lines(page):
        if PAGE_NUMBER_LINE.match(line) or _STAMP.match(line):
            continue
        if re.match(r"(?i)^public\s+document\s+pack$", line) or shape(line) in repeated:
            continue
        kept.append(line[:_MAX_TITLE])
        if len(kept) == _TOP_LINES:
            break
    return kept


def _read_kind(page: str, top: list[str]) -> str | None:
    """What a page's text says it is, if it says: minutes, an appendix, a
    supporting document, the work programme, or a report."""
    if not top:
        return None
    if any(_MINUTES_TOP.search(line) for line in top[:4]) and any(
        _PRESENT.match(line) for line in _lines(page)[:40]
    ):
        return "minutes"
    if any(_WORK_PROGRAMME.search(line) for line in top[:2]) and len(top[0]) < 120:
        return "work_programme"  # "Appendix A - Work Programme 2025/26" too
    if APPENDIX_HEADING.match(top[0]) or any(_SUPPORTING.search(line) for line in top[:3]):
        return "appendix"
    if any(line[0].isupper() and _REPORT_MARK.match(line) for line in _lines(page)[:40]):
        return "report"
    return None


def _title(top: list[str], kind: str) -> str:
    if kind == "minutes":
        return next((t for t in top if re.search(r"(?i)\bminutes\s+of\b", t)), top[0])
    return top[0] if top else ""


def _foot_appendix(page: str) -> str | None:
    """An "APPENDIX D: ..." heading the text gives at the page's foot (a table's
    heading extracted after the table)."""
    lines = [line for line in _lines(page) if not PAGE_NUMBER_LINE.match(line)]
    for line in lines[-4:]:
        headed = line.isupper() or re.match(r"^\S+\s+\S+\s*[:–-]", line)
        if APPENDIX_HEADING.match(line) and headed:
            return line[:_MAX_TITLE]
    return None


def _closes(page: str) -> bool:
    """The page ends a report: its "Background papers" section is its last."""
    lines = _lines(page)
    for index, line in enumerate(lines):
        if _CLOSING.match(line):
            return len(lines) - index - 1 <= _CLOSING_TAIL
    return False


def _continues(page: str) -> bool:
    """The page's text carries on from the page before (lower case, a bullet)."""
    lines = [line for line in page.splitlines() if line.strip()]
    first = lines[0].strip() if lines else ""
    return not first or first[0].islower() or first[0] in "•●▪-–(,;"


_MARKING = re.compile(
    r"^(?:official|unrestricted|restricted|confidential|public|draft|not\s+for\s+publication)\b",
    re.I,
)


def _distinct(heading: str) -> bool:
    """A heading that can tell a document's start (not "OFFICIAL", not one word)."""
    return len(heading) >= 10 and " " in heading and not _MARKING.match(heading)


def _item_at(items: list[tuple[int, int | None, str]], page: int) -> str | None:
    """The item whose PDF page range holds this page."""
    for first, last, number in items:
        if first <= page and (last is None or page <= last):
            return number
    return None


def _ranges(
    items: list[ParsedAgendaItem], offset: int, count: int
) -> list[tuple[int, int | None, str]]:
    out = []
    for item in items:
        if item.page_start is None or not item.number:
            continue
        first = item.page_start + offset
        last = item.page_end + offset if item.page_end is not None else None
        if 1 < first <= count:
            out.append((first, last, item.number))
    return out


def _part_kind(
    read: str | None, repeated_kind: str | None, first_of_item: bool, agenda_kind: str | None
) -> str:
    """A part's kind: what its page says; a second form like an earlier one is
    of that one's kind; after an item's first part, an appendix of it; an
    item's first part is a report when it reads like one (or the agenda says
    minutes or work programme), else "other" (a form, the questions put)."""
    if read in ("minutes", "work_programme", "appendix"):
        return read
    if repeated_kind is not None:
        return repeated_kind
    if not first_of_item:
        return "appendix"
    if agenda_kind in ("minutes", "work_programme"):
        return agenda_kind  # its covering report and the programme (rows are read from it)
    if read == "report":
        return "report"
    return "other"


def split_pack(pages: list[str], agenda: ParsedAgenda | None = None) -> list[PackPart]:
    """Parts of a reports pack or supplement, in page order, covering every page."""
    if not pages:
        return []
    count = len(pages)
    offset = _offset(pages)
    items = agenda.items if agenda else []
    ranges = _ranges(items, offset, count)
    titles = {item.number: item.title for item in items if item.number}
    printed = {_normal(number): number for number in titles}
    range_starts = {first: number for first, _, number in ranges}
    range_ends = {last + 1 for _, last, _ in ranges if last is not None and last + 1 <= count}
    repeated = furniture(pages)
    blank = [is_blank(page) for page in pages]
    body = body_start(pages)
    starts: list[_Start] = []
    current: _Start | None = None
    headings: dict[str, str] = {}  # an earlier part's first line -> its kind
    previous_heading: str | None = None
    closed = False
    for number in range(2, count + 1):
        page = pages[number - 1]
        if blank[number - 1]:
            closed, previous_heading = False, None
            continue
        top = _top(page, repeated)
        heading = top[0] if top else ""
        stamp = item_stamp(page)
        read = _read_kind(page, top)
        found = _APPENDIX_LABEL.match(heading)
        foot = _foot_appendix(page) if found is None else None
        if foot is not None:
            found, read = _APPENDIX_LABEL.match(foot), "appendix"
        label = found.group(1).upper() if found else None
        after_blank = body is not None and number > body and blank[number - 2]
        again = _distinct(heading) and heading in headings and heading != previous_heading
        # "Page 1" again inside the pack: a separately numbered document starts.
        restart = body is not None and number > body and _printed_number(page) == 1
        if stamp is not None:  # as the agenda prints it: "3." for a stamp "3"
            stamp = printed.get(_normal(stamp), stamp)
        new = (
            number in range_starts
            or (stamp is not None and (current is None or current.item_number != stamp))
            or read == "minutes"
            or (read == "work_programme" and (current is None or current.kind != read))
            or (label is not None and (current is None or current.label != label))
            or (after_blank and current is not None)
            or (closed and not _continues(page))
            or number in range_ends
            or again
            or restart
        )
        closed = _closes(page)
        previous_heading = heading
        if not new:
            continue
        item = stamp or range_starts.get(number) or _item_at(ranges, number)
        if item is None and number not in range_ends and current is not None:
            item = current.item_number  # a document after a report: its appendix
        first_of_item = item is None or current is None or current.item_number != item
        agenda_kind = _kind_for(titles[item]) if item in titles else None
        like = headings.get(heading) if again else None
        kind = _part_kind(read, like, first_of_item, agenda_kind)
        if kind == "appendix" and current is not None and current.kind == "work_programme":
            kind = "work_programme"  # the programme under its covering report
        title = foot or _title(top, kind)
        if first_of_item and item in titles and number in range_starts:
            title = titles[item]
        current = _Start(number, kind, title or titles.get(item or "", ""), item, heading, label)
        starts.append(current)
        headings.setdefault(heading, kind)
    parts = []
    first = starts[0].page if starts else count + 1
    parts.append(PackPart(kind="agenda", title="Agenda", page_start=1, page_end=first - 1))
    for index, start in enumerate(starts):
        end = starts[index + 1].page - 1 if index + 1 < len(starts) else count
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
