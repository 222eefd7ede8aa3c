"""Agendas: the numbered items of a frontsheet or of a pack's first pages.

An item is a line that starts with its number as printed ("59.", "64/16",
"5a", "Item 5") followed by its title; the lines after it add "Report of
..." , a page range "(Pages 79 - 110)" or a contents-style page number, and
a short description. Numbers only go up: a number lower than the last one
means the agenda has ended (a pack's minutes start again at 1). Items after
"Part 2" or an "Exclusion of the press and public" item are exempt; the note
under such a heading ("there were no exempt items ...") is no item's text and
can say there are none. A page range ends a wrapped title; "- To follow" is a
note, not the title's end. The list ends at a covering letter's "Yours
sincerely" or the sender's telephone number, and before the first page the
pack stamps "Agenda Item N" (a supplement's letter lists only the enclosed
items).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from indexer.parse.heading import read_heading
from indexer.parse.pack import first_stamped
from indexer.parse.text import MONTH_ALONE, PAGE_NUMBER_LINE, Line, find_date, page_lines
from indexer.parse.types import ParsedAgenda, ParsedAgendaItem

_ITEM = re.compile(
    r"^(?P<lead>(?:agenda\s+)?item\s+(?:no\.?\s*)?)?"
    r"(?P<num>\d{1,3}(?:/\d{2,4})?(?:\.\d{1,2})?[a-z]?)(?P<punct>[.):])?"
    r"(?:\s+(?P<title>\S.*))?$",
    re.I,
)
_PAGES = re.compile(r"\(?\s*\bpages?\s*(\d{1,4})(?:\s*(?:-|–|—|to)\s*(\d{1,4}))?\s*\)?", re.I)
_TRAILING_PAGE = re.compile(r"^(?P<title>.*\S)\s+(?P<page>\d{1,4})$")
# A "Page No." column: "3 MINUTES 5 - 12", or "5 - 12" on a line of its own.
_TRAILING_RANGE = re.compile(
    r"^(?P<title>.*?)\s*\b(?P<start>\d{1,4})\s*(?:-|–|—|to)\s*(?P<end>\d{1,4})$"
)
_FILE_SIZE = re.compile(r"\s*\bPDF\s+\d+(?:\.\d+)?\s*[KM]B\b", re.I)
_REPORT_OF = re.compile(
    r"^(?:joint\s+)?(?:report|presentation|verbal\s+update|update)\s+(?:of|by|from)\s+\S", re.I
)
_PART_TWO = re.compile(
    r"^(?:part\s*(?:2|ii|two|b)\b|exempt\s+(?:items?|information|business)\b|"
    r"private\s+(?:business|session|items?)\b|items?\s+(?:to\s+be\s+)?(?:considered\s+)?in\s+private|"
    r"confidential\s+(?:items?|business)\b)",
    re.I,
)
_PART_ONE = re.compile(
    r"^(?:part\s*(?:1|i|one|a)\b(?!\s+of)|(?:unrestricted|open|public)\s+(?:items?|business)\b)",
    re.I,
)
# "(At the time of preparing the agenda there were no exempt items ...)".
_NONE_EXEMPT = re.compile(
    r"\b(?:there\s+(?:are|were)\s+no|no)\s+(?:exempt|confidential|private|part\s*(?:2|ii))\s+"
    r"(?:items?|business|reports?)\b",
    re.I,
)
# "- To follow", "(Report to follow)": a note that the papers come later.
_TO_FOLLOW = re.compile(
    r"^[-–(\s]*(?:(?:report|papers?|documents?)\s+)?to\s+follow\b[\s.)]*$", re.I
)
_TO_FOLLOW_END = re.compile(r"[\s(–-]+(?:(?:report|papers?)\s+)?to\s+follow\)?$", re.I)
# Where a covering letter's list ends: its closing, or the sender's phone number.
_LETTER_END = re.compile(
    r"^(?:yours\s+(?:sincerely|faithfully)|kind\s+regards|(?:tel(?:ephone)?[:.]?\s*)?"
    r"\+?0[\d ]{9,13}$)",
    re.I,
)
_EXCLUSION = re.compile(r"\bexclu(?:sion|de)\b.*\b(?:press|public)\b", re.I)
EXEMPTION = re.compile(
    r"(?:exemption\s+)?paragraphs?\s+\d{1,2}[a-z]?(?:\s*(?:,|and|&|or)\s*\d{1,2}[a-z]?){0,6}"
    r"(?:\s+of\s+part\s+(?:1|i|one))?(?:\s+of\s+schedule\s+12\s*a)?"
    r"(?:\s+(?:to|of)\s+the\s+local\s+government\s+act\s+1972)?",
    re.I,
)
_EXEMPT_WORD = re.compile(
    r"\b(?:exempt|confidential|schedule\s+12\s*a|not\s+for\s+publication)\b", re.I
)
_DESCRIPTION_STOP = re.compile(
    r"^(?:it is anticipated|members are (?:advised|reminded)|notes?\b|for more information|"
    r"this is a public meeting|the press and public|membership|contact|email|tel\b|"
    r"published|date of (?:publication|despatch)|minutes:|decisions?:|additional documents|"
    r"view the (?:background|full|reasons)|recorded vote)",
    re.I,
)
_CONTINUATION_END = re.compile(
    r"(?:\b(?:of|and|the|on|to|for|in|with|at|from|by|a|an|or)|[-–&,:/(])$", re.I
)
# "held on 24", "Phase 2", "Appendix 1": the number is part of the title.
_NUMBER_BELONGS = re.compile(
    r"(?i)\b(?:on|of|to|from|and|no\.?|item|paragraph|phase|stage|part|quarter|q|year|"
    r"appendix|annex|section|tranche|round|version|level|key stage|wave)$"
)
_MAX_DESCRIPTION = 8
_MAX_TITLE = 300
_FIRST_PAGES = 6  # an agenda that has not started by then is not there


@dataclass
class _Item:
    number: str
    key: int
    title: str
    page: int  # where its line is printed
    description: list[str] = field(default_factory=list)
    report_of: str | None = None
    start: int | None = None
    end: int | None = None
    contents_page: int | None = None  # a bare page number, contents style
    closed: bool = False  # title complete
    exempt: bool = False
    exemption: str | None = None


def _leading_int(number: str) -> int:
    found = re.match(r"\d+", number)
    return int(found.group()) if found else 0


def _title_ok(title: str) -> bool:
    if not re.match(r"^[\W\d]{0,12}[A-Za-z]", title) or title[0].islower():
        return False
    return not _is_date_line(title) and not MONTH_ALONE.match(title)


def _is_date_line(text: str) -> bool:
    found = find_date(text)
    return found is not None and found[1] == 0


def _heading(line: Line, last: _Item | None) -> _Item | None:
    """A new agenda item if this line is one (numbers only go up)."""
    found = _ITEM.match(line.text)
    if found is None or _is_date_line(line.text):
        return None
    title = (found.group("title") or "").strip()
    if title and not _title_ok(title):
        return None
    if not title and found.group("punct") != "." and not found.group("lead"):
        return None  # a bare number is a page number, not an item
    number = found.group("num")
    key = _leading_int(number)
    if last is not None:
        if key < last.key or key > last.key + 20:
            return None
        if key == last.key and number.lower() == last.number.lower():
            return None
    printed = line.text[: found.end("punct") if found.group("punct") else found.end("num")]
    return _Item(number=printed.strip(), key=key, title=title, page=line.page, closed=False)


def _take_pages(text: str, item: _Item) -> str:
    found = _PAGES.search(text)
    if found is None:
        return text
    item.start = int(found.group(1))
    item.end = int(found.group(2)) if found.group(2) else item.start
    return (text[: found.start()] + text[found.end() :]).strip(" ,;")


def _take_trailing_page(text: str, item: _Item, page: int) -> str:
    """ "Annual complaints report 9" or "Minutes 5 - 12": the pages in a
    contents column, if they plausibly are pages (not "2024 - 2025")."""
    if item.start is not None:
        return text
    span = _TRAILING_RANGE.match(text)
    if span is not None:
        start, end = int(span.group("start")), int(span.group("end"))
        if (
            start <= end
            and not 1900 <= start <= 2100
            and not _NUMBER_BELONGS.search(span.group("title"))
        ):
            item.start, item.end = start, end
            return span.group("title").strip()
    found = _TRAILING_PAGE.match(text)
    if found is None:
        return text
    number = int(found.group("page"))
    title = found.group("title")
    if 1900 <= number <= 2100 or _NUMBER_BELONGS.search(title):
        return text
    if number < page:  # a footnote mark, or a page before the agenda itself: not a page
        return title
    item.contents_page = number
    return title


def _continues_title(item: _Item, text: str) -> bool:
    if item.closed or item.description or _REPORT_OF.match(text):
        return False
    if text.startswith("("):
        # "(including Council Tax Setting 2025/26)": a bracketed end of the title
        return text.endswith(")") and len(text) < 80 and not _EXEMPT_WORD.search(text)
    if len(item.title) > _MAX_TITLE:
        return False
    # Only the title's end is searched: a regex anchored at $ over a growing
    # title would cost quadratic time.
    if text[0].islower() or _CONTINUATION_END.search(item.title[-12:]):
        return True
    if item.title.isupper() and text.isupper():
        return True
    return len(item.title) >= 55 and not text.endswith(".") and not text.lower().startswith("to ")


def _add_line(item: _Item, text: str, line_page: int) -> None:
    text = _FILE_SIZE.sub("", text).strip()
    if not text:
        return
    if _TO_FOLLOW.match(text):
        item.closed = True  # a note, not the title's end nor a description
        return
    if PAGE_NUMBER_LINE.match(text) and not text.lower().startswith("page"):
        number = int(re.sub(r"\D", "", text) or 0)
        if not item.description and item.start is None and number >= line_page:
            item.contents_page = item.contents_page or number
        item.closed = True
        return
    had_pages = item.start is not None
    text = _take_pages(text, item)
    if item.start is not None and not had_pages and not item.closed and text:
        # "... Directorate (Pages 1 - 20)": the range ends a wrapped title.
        if _continues_title(item, text) or text.startswith("("):
            item.title = f"{item.title} {text}".strip()
        item.closed = True
        return
    if text and item.start is None and not item.description:
        text = _take_trailing_page(text, item, line_page) if _TRAILING_RANGE.match(text) else text
    if not text:
        item.closed = True
        return
    if not item.title:
        item.title = _take_trailing_page(text, item, line_page)
        return
    if _continues_title(item, text):
        item.title = f"{item.title} {_take_trailing_page(text, item, line_page)}".strip()
        return
    item.closed = True
    if _REPORT_OF.match(text) and item.report_of is None:
        item.report_of = text
    elif len(item.description) < _MAX_DESCRIPTION and not _DESCRIPTION_STOP.match(text):
        item.description.append(text)
    else:
        item.description.append("")  # stop collecting: a sentinel dropped below


def _finish(items: list[_Item]) -> list[ParsedAgendaItem]:
    out: list[ParsedAgendaItem] = []
    for position, item in enumerate(items):
        start, end = item.start, item.end
        if start is None and item.contents_page is not None:
            start = item.contents_page
            following = [i.start or i.contents_page for i in items[position + 1 :]]
            nxt = next((p for p in following if p is not None), None)
            end = max(start, nxt - 1) if nxt is not None and nxt >= start else None
        description = " ".join(d for d in item.description if d).strip()
        cut = item.description.index("") if "" in item.description else None
        if cut is not None:
            description = " ".join(item.description[:cut]).strip()
        out.append(
            ParsedAgendaItem(
                number=item.number,
                title=_FILE_SIZE.sub("", item.title).strip(" -–:"),
                position=position,
                description=description or None,
                report_of=item.report_of,
                page_start=start,
                page_end=end,
                is_exempt=item.exempt,
                exemption=item.exemption,
            )
        )
    return out


def _exemption(text: str) -> str | None:
    found = EXEMPTION.search(text)
    if found and _EXEMPT_WORD.search(text):
        return re.sub(r"\s+", " ", found.group()).strip()
    return None


def _mark_exempt(items: list[_Item], private_from: set[int]) -> None:
    """Items after Part 2 or after the exclusion of the public are exempt."""
    carried: str | None = None
    private = False
    for index, item in enumerate(items):
        text = " ".join([item.title, *item.description])
        own = _exemption(text)
        if index in private_from:
            private = True
        if _EXCLUSION.search(item.title):
            private, carried = True, own or carried
            continue
        if own or re.search(r"(?i)\b(?:exempt|confidential|part\s*(?:2|ii))\b", item.title):
            item.exempt, item.exemption = True, own or carried
        elif private:
            item.exempt, item.exemption = True, carried


def _restarts(text: str, last: _Item) -> bool:
    found = _ITEM.match(text)
    if found is None or not found.group("title") or _is_date_line(text):
        return False
    return last.key > _leading_int(found.group("num")) and _title_ok(found.group("title"))


def _letter_end(text: str) -> bool:
    found = _LETTER_END.match(text)
    return found is not None and (text[0].isalpha() or sum(c.isdigit() for c in text) >= 10)


def _items(lines: list[Line]) -> list[_Item]:
    items: list[_Item] = []
    private_from: set[int] = set()
    under_heading = False  # the note under a "Part 2" heading is no item's text
    for line in lines:
        last = items[-1] if items else None
        if last is None and line.page > _FIRST_PAGES:
            break
        if last is not None and line.page >= last.page + 2:
            break
        if _PART_TWO.match(line.text):
            private_from.add(len(items))
            under_heading = True
            if _NONE_EXEMPT.search(line.text):
                private_from.discard(len(items))
            continue
        if _PART_ONE.match(line.text):
            private_from.discard(len(items))
            under_heading = True
            continue
        if last is not None and _letter_end(line.text):
            # "Yours sincerely", the sender's telephone: the list is over, and
            # short lines just before it are the sender's name and role.
            if all(len(d.split()) <= 4 and not d.endswith(".") for d in last.description):
                last.description = []
            break
        item = _heading(line, last)
        if item is not None:
            items.append(item)
            under_heading = False
            if item.title:
                item.title = _TO_FOLLOW_END.sub("", item.title)
                item.title = _take_pages(item.title, item)
                item.title = _take_trailing_page(_FILE_SIZE.sub("", item.title), item, line.page)
            continue
        if last is not None and _restarts(line.text, last):
            break  # numbering starts again: the agenda is over (a pack's minutes follow)
        if under_heading:
            if _NONE_EXEMPT.search(line.text):
                private_from.discard(len(items))
            continue
        if last is not None and line.page == last.page:
            _add_line(last, line.text, line.page)
    _mark_exempt(items, private_from)
    return [item for item in items if item.title]


def parse_agenda(pages: list[str]) -> ParsedAgenda:
    """Committee, start, venue and numbered items of an agenda or a pack's frontsheet."""
    heading = read_heading(pages)
    start = heading.when
    if start is not None and not isinstance(start, datetime):
        start = datetime.combine(start, datetime.min.time())
    head = pages[: _FIRST_PAGES + 4]
    body = first_stamped(head)  # the pack's reports start here: the agenda is before
    lines = page_lines(head[: body - 1] if body else head, keep_page_numbers=True)
    return ParsedAgenda(
        committee=heading.committee,
        start=start,
        venue=heading.venue,
        items=_finish(_items(lines)),
    )
