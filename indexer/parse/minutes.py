"""Minutes: whose meeting, who attended, who declared what, each minute and its resolutions.

The meeting is the one the minutes record ("Minutes of the Audit Committee
meeting held on 10 July 2018", or the committee's name printed over the
date), never the meeting whose pack printed them. Attendance is read by
`indexer.parse.attendance`. Minutes are numbered headings ("5.", "12 TITLE",
"64/16", "CAB 45", "C.12", "Minute 12", or the number alone on its line with
the title below) whose numbers only go up from the first; numbered
paragraphs inside a minute ("1.", "2)") start again at 1 and are not
minutes. A heading may wrap over lines and may be in sentence case when its
number is the next one. "(Item 4)" or "(Agenda item 4)" after a title says
which agenda item a minute is; over a title with no number of its own, it
makes that title a minute. An unnumbered title before the first minute whose
text is numbered from 1 or holds a resolution ("Election of Chair") is a
minute too.
"""

from __future__ import annotations

import re
from datetime import datetime

from indexer.parse.attendance import (
    SECTION_MARKER,
    clean_name,
    is_label,
    is_list_label,
    read_attendance,
)
from indexer.parse.heading import HEAD_LINES, committee_name, read_heading
from indexer.parse.resolutions import find_resolutions
from indexer.parse.text import (
    BODY_WORDS,
    MONTH_ALONE,
    MONTH_NAME,
    MONTH_YEAR,
    Line,
    clean,
    page_lines,
    strip_honorific,
)
from indexer.parse.types import (
    ParsedDeclaration,
    ParsedMinutes,
    ParsedMinutesItem,
    ParsedResolution,
)

_HEADING = re.compile(
    r"^(?P<lead>(?i:minute|item|agenda\s+item)\s+(?i:no\.?\s*)?)?"
    r"(?P<num>(?:(?!(?:PART|PAGE|ITEM|ROOM|WARD|TEL|NO|STEP|PARA)\b)[A-Z]{1,4}(?:\s|/|\.|(?=\d)))?"
    r"(?!(?:19|20)\d\d\b)\d{1,4}(?:/\d{1,4}){0,2}(?:\.\d{1,2})?[a-z]?)(?P<punct>[.):])?"
    r"(?:\s+(?P<title>\S.*))?$"
)
# "(Item 4)" on a line of its own: which agenda item the minute above is.
_REF_LINE = re.compile(r"^\(\s*(?:agenda\s+)?item\s+(?:no\.?\s*)?([\w./]{1,8})\s*\)\.?$", re.I)
_AGENDA_REF = re.compile(r"\s*\((?:agenda\s+)?item\s+(?:no\.?\s*)?([\w./]{1,8})\)\s*$", re.I)
_TITLE_NOISE = re.compile(r"\s*(?:\bPDF\s+\d+(?:\.\d+)?\s*[KM]B\b|\(pages?\s*\d+[^)]*\))", re.I)
# A decision number before a title: "24/00108 - Revenue and Capital Budget".
# A planning application's reference too: "24/01234/FUL - Land East of Mill Road",
# "DC/24/0456 Land at ...", "P/2024/0123/OUT: 12 High Street".
_REF_PREFIX = re.compile(
    r"^\(?(?:[A-Z]{1,4}/)?[A-Z]{0,4}\d{2,4}/\d{2,6}\)?\s*[-–:]\s*"
    r"|^\(?(?:[A-Z]{1,4}/)?[A-Z]{0,4}\d{2,4}/\d{2,6}(?:/\d{1,6})?/[A-Z]{2,6}\)?\s*(?:[-–:]\s*)?"
    r"|^\(?[A-Z]{1,4}/\d{2,4}/\d{2,6}\)?\s+(?=[A-Z0-9])"
)
_RESOLUTION_START = re.compile(r"^(?:it\s+was\s+)?(?:resolved|decided)\b|^RESOLVED", re.I)
# A numbered paragraph: "1.", "2)", "(3)".
_PARAGRAPH = re.compile(r"^\(?(\d{1,2})([.)])\s")
_JOINER_END = re.compile(r"(?:\b(?:and|of|the|for|to|on|in|with|or|a|an|by|from)|[-–&,/:])$", re.I)


def _titled(title: str) -> bool:
    """Upper case, or most longer words capitalised."""
    if title.isupper():
        return True
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", title) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) * 2 >= len(words)


def _case_ok(title: str) -> bool:
    """A heading's title: upper or title case, or short sentence case."""
    if _titled(title):
        return title.isupper() or not title.endswith((".", ";", ","))
    return len(title) <= 70 and "," not in title and not title.endswith((".", ";"))


def _shape(title: str) -> str | None:
    """How a numbered line's words read: "strong" (a heading's case), "weak" (a
    sentence-case title, a heading only as the next number) or None (prose)."""
    bare = _REF_PREFIX.sub("", title) or title
    if not re.match(r"^[\W\d]{0,8}[A-Za-z]", bare) or bare[0].islower():
        return None
    if len(title) > 160 or MONTH_YEAR.match(bare) or _RESOLUTION_START.match(bare):
        return None
    if MONTH_ALONE.match(bare):
        return None  # "7 February" over "2025": a date printed over lines, not minute 7
    if _case_ok(bare) or (bare.endswith(".") and len(bare) <= 60 and _all_capitalised(bare)):
        return "strong"
    if re.match(r"[A-Z]", bare) and not bare.endswith((".", ";")):
        return "weak"
    return None


def _key(number: str) -> int:
    """The running number of a minute: 45 in "45", "45/24", "CAB 45"; 1 in "PL/23/001"
    and "ENV/23/1"."""
    digits = re.findall(r"\d+", number)
    if not digits:
        return 0
    if len(digits) >= 2 and "/" in number and len(digits[-1]) >= 3 and digits[-1][0] == "0":
        return int(digits[-1])
    if len(digits) >= 2 and re.match(r"[A-Z]", number) and "/" in number:
        return int(digits[-1])  # "ENV/26/2": committee, year, number
    return int(digits[0])


def _sub_item(number: str, last: str) -> bool:
    """ "5a", "5.1" after "5"."""
    base, number = last.rstrip(".):").lower(), number.lower()
    return number.startswith(base) and len(number) > len(base) and number[len(base)] in ".abcdefgh"


Paragraph = tuple[int, str]


def _heading(
    text: str, last: str | None, para: Paragraph | None = None, following: str = ""
) -> tuple[str, str] | None:
    """(number as printed, title) if the line starts a minute. `last` is the
    number of the minute before, `para` the last numbered paragraph inside it."""
    if SECTION_MARKER.match(text):
        return None
    found = _HEADING.match(text)
    if found is None:
        return None
    title = (found.group("title") or "").strip()
    number, punct = found.group("num"), found.group("punct") or ""
    if title:
        shape = _shape(title)
        if shape is None:
            return None
    elif punct == "." or found.group("lead") or re.match(r"[A-Z]", number) or "/" in number:
        shape = "bare"
    else:
        return None
    if re.search(r"\d{1,2}/\d{1,2}/\d{2,4}$", number) and not re.match(r"[A-Z]", number):
        return None  # a date: "12/03/2026"
    if re.match(r"\d{4}", number) and not (punct or title.isupper()):
        return None  # "1240 NOTICE OF RECORDING", not "1000 Trees were planted"
    key = _key(number)
    if last is not None:
        previous = _key(last)
        if key < previous or key > previous + 30 or number.lower() == last.rstrip(".):").lower():
            return None
        # "5a", "5.1" after "5" are sub-items, if titled: "45.2 Members asked ..." is prose.
        if key == previous and not (_sub_item(number, last) and _titled(title)):
            return None
    # Sentence case only as the next number, and a number that is marked as one.
    marked = punct or found.group("lead") or re.match(r"[A-Z]", number) or "/" in number
    if shape == "weak" and (last is None or key != _key(last) + 1 or not marked):
        return None
    # A long sentence-case line running on into a long one is a paragraph; a
    # heading is short, or wraps onto a short line ("approved as a correct record").
    if shape == "weak" and len(title) > 60 and not _short_end(following):
        return None
    # Half its words capitalised, but running on into the next line as prose.
    if len(title) > 60 and not title.isupper() and _runs_on(following):
        return None
    if para is not None and key == para[0] + 1 and punct == para[1] and shape != "bare":
        # The next paragraph's number too: only a heading-like title is a minute.
        if shape != "strong" or title.endswith(":") or len(title) > 80:
            return None
        if following[:1].islower():
            return None
    end = found.end("punct") if punct else found.end("num")
    return text[:end].strip(), title


def _short_end(following: str) -> bool:
    return bool(_REF_LINE.match(following)) or (
        len(following) <= 60 and not following.endswith((".", ";", ","))
    )


def _runs_on(following: str) -> bool:
    """A sentence wrapped onto the next line: lower case, long or finished there."""
    return following[:1].islower() and (len(following) > 60 or following.endswith((".", ";", ",")))


def _paragraph(text: str, para: Paragraph | None) -> Paragraph | None:
    """The numbered paragraph a line starts, if it goes on from `para` (or is 1)."""
    found = _PARAGRAPH.match(text)
    if found is None:
        return para
    key, punct = int(found.group(1)), found.group(2)
    if key == 1 or (para is not None and key == para[0] + 1 and punct == para[1]):
        return key, punct
    return para


def _title_line(text: str) -> bool:
    """A line that can be (part of) a heading: short, no full stop, not prose."""
    if len(text) > 150 or text.endswith((".", ";", ":")) or is_list_label(text):
        return False
    if _RESOLUTION_START.match(text) or re.match(r"^\(?\w{1,3}[.)]\s", text):
        return False
    return not SECTION_MARKER.match(text) and not _REF_LINE.match(text)


def _goes_on(first: str, second: str) -> bool:
    """Is `second` the wrapped end of the title `first`?"""
    return bool(
        re.match(r"^[^A-Z(]", second)
        and not second[:1].isalpha()
        or second[:1].islower()
        or _JOINER_END.search(first[-8:])
    )


def _numbered_line(text: str) -> bool:
    found = _HEADING.match(text)
    return found is not None and (
        not found.group("title") or _shape(found.group("title") or "") is not None
    )


def _ref_headings(lines: list[Line]) -> tuple[dict[int, tuple[int, str]], int]:
    """Unnumbered titles over "(Item N)" lines: first title line -> (the "(Item N)"
    line, N); and how many "(Item N)" lines follow a numbered heading instead."""
    found: dict[int, tuple[int, str]] = {}
    numbered = 0
    for index, line in enumerate(lines):
        ref = _REF_LINE.match(line.text)
        if ref is None or index == 0:
            continue
        # A numbered heading above, its title wrapped over at most two lines.
        above = index - 1
        while above > index - 3 and above > 0 and not _numbered_line(lines[above].text):
            if not _title_line(lines[above].text):
                break
            above -= 1
        if _numbered_line(lines[above].text):
            numbered += 1
            continue
        last = lines[index - 1].text
        if not _title_line(last):
            continue
        start = index - 1
        if index >= 2 and _title_line(lines[index - 2].text) and index - 2 not in found:
            before = lines[index - 2].text
            if _goes_on(before, last) and before[:1].isupper():
                start = index - 2
        title = " ".join(x.text for x in lines[start:index])
        if re.match(r"^[\W\d]{0,8}[A-Z]", title) and start - 1 not in found:
            found[start] = (index, ref.group(1))
    return found, numbered


def _lone_title(text: str) -> bool:
    """A heading with no number before the first minute: "Election of Chair"."""
    if not _titled(text) or len(text) > 80 or "," in text or re.search(r"\d", text):
        return False
    return _title_line(text) and clean_name(text) is None


def _preamble_minute(preamble: list[Line]) -> int | None:
    """Where an unnumbered minute starts in the lines before the first numbered one:
    the last title there followed by paragraphs numbered from 1 or by a resolution,
    with no attendance list after it."""
    resolved_at = next(
        (i for i, x in enumerate(preamble) if _RESOLUTION_START.match(_PARAGRAPH.sub("", x.text))),
        None,
    )
    for index in range(len(preamble) - 2, -1, -1):
        text = preamble[index].text
        if is_label(text):
            return None
        if not _lone_title(text):
            continue
        numbered = re.match(r"^1[.)]\s+\S", preamble[index + 1].text)
        if numbered or (resolved_at is not None and index < resolved_at):
            return index
    return None


def _all_capitalised(text: str) -> bool:
    return all(w[0].isupper() for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3)


class _Group:
    def __init__(self, number: str | None, title: str, page: int, agenda: str | None = None):
        self.number, self.title, self.page, self.agenda = number, title, page, agenda
        self.body: list[Line] = []


def _groups(lines: list[Line]) -> tuple[list[Line], list[_Group], set[int]]:
    """Lines before the first minute, the minutes, and the lines that start one."""
    refs, numbered_refs = _ref_headings(lines)
    # Titles over "(Item N)" and never a number: numbered lines are paragraphs.
    numbered_ok = not (len(refs) >= 2 and numbered_refs == 0)
    preamble: list[Line] = []
    groups: list[_Group] = []
    stops: set[int] = set()
    last: str | None = None
    para: Paragraph | None = None
    skip_to = -1
    for index, line in enumerate(lines):
        if index <= skip_to:
            continue
        if index in refs:
            skip_to, agenda = refs[index]
            title = " ".join(x.text for x in lines[index:skip_to])
            groups.append(_Group(None, title, line.page, agenda))
            stops.update(range(index, skip_to + 1))
            para = None
            continue
        ref = _REF_LINE.match(line.text)
        if ref and groups and groups[-1].agenda is None:
            group = groups[-1]
            if len(group.body) <= 2 and all(_title_line(x.text) for x in group.body):
                group.title = " ".join([group.title, *(x.text for x in group.body)]).strip()
                group.body, group.agenda = [], ref.group(1)
                stops.add(index)
                continue
        following = lines[index + 1].text if index + 1 < len(lines) else ""
        heading = _heading(line.text, last, para, following) if numbered_ok else None
        titled_below = _title_line(following) and re.match(r"^[\W\d]{0,8}[A-Z]", following)
        if heading is not None and not heading[1] and not titled_below:
            heading = None  # a number alone on its line has its title on the next
        if heading is not None:
            last = heading[0]
            groups.append(_Group(heading[0], heading[1], line.page))
            stops.add(index)
            para = None
            continue
        para = _paragraph(line.text, para)
        if not groups:
            preamble.append(line)
            continue
        group = groups[-1]
        if not group.body and (not group.title or _title_goes_on(group.title, line.text)):
            group.title = f"{group.title} {line.text}".strip()
            continue
        group.body.append(line)
    start = _preamble_minute(preamble)
    if start is not None:
        first = _Group(None, preamble[start].text, preamble[start].page)
        first.body = preamble[start + 1 :]
        groups.insert(0, first)
        stops.add(start)
        preamble = preamble[:start]
    return preamble, groups, stops


_DEFERRED = re.compile(r"\bdefer(?:s|red|ral)?\b", re.I)
# The item itself put off: "This item was deferred to the next meeting.",
# "The Committee agreed to defer the application." Not a deferral mentioned
# in passing ("which had been deferred", "charges can be deferred", "whether
# it would be deferred").
_DEFERRAL = re.compile(
    r"\b(?:this|the)\s+(?:item|matter|report|application|consideration|decision)"
    r"\b[^.\n]{0,60}?\b(?:was|is|were|(?<!would )(?<!could )(?<!might )(?<!should )(?<!can )be)"
    r"\s+deferred\b|\b(?:agreed|resolved|decided)\s+to\s+defer\b",
    re.I,
)


_DECIDED_DEFERRAL = re.compile(r"\b(?:agreed|resolved|decided)\s+to\s+defer\b", re.I)


def _deferral(text: str, body: list[Line]) -> ParsedResolution | None:
    """A minute that records a deferral in prose, with no resolution printed."""
    text = text[:2000]
    found = _DEFERRAL.search(text)
    if found is None:
        return None
    # The whole sentence it is in.
    start = max(text.rfind(".", 0, found.start()), text.rfind("\n", 0, found.start())) + 1
    end = text.find(".", found.end())
    sentence = " ".join(text[start : end + 1 if end >= 0 else len(text)].split())
    return ParsedResolution(kind="deferred", text=sentence, page=body[0].page if body else None)


def _items(lines: list[Line]) -> tuple[list[Line], list[ParsedMinutesItem], set[int]]:
    """Lines before the first minute, the minutes with their lines' resolutions,
    and the lines that start a minute."""
    preamble, groups, stops = _groups(lines)
    items = []
    for position, group in enumerate(groups):
        title = _TITLE_NOISE.sub("", group.title).strip()
        agenda_number = group.agenda
        reference = _AGENDA_REF.search(title)
        if reference:
            agenda_number = agenda_number or reference.group(1)
            title = title[: reference.start()].strip()
        body = group.body
        resolutions = find_resolutions(body)
        text = "\n".join(line.text for line in body)
        deferral = _deferral(text, body) if not resolutions else None
        # "The Committee agreed to defer ..." is its decision; "This item was
        # deferred ..." notes what happened: the minute is deferred, no resolution.
        noted = deferral is not None and not _DECIDED_DEFERRAL.search(deferral.text)
        if deferral is not None and not noted:
            resolutions = [deferral]
        items.append(
            ParsedMinutesItem(
                number=group.number,
                title=title.strip(" -–:"),
                position=position,
                text=text,
                resolutions=resolutions,
                deferred=noted
                or any(r.kind == "deferred" or _DEFERRED.search(r.text) for r in resolutions),
                page=group.page,
                agenda_number=agenda_number,
            )
        )
    return preamble, items, stops


def _title_goes_on(title: str, text: str) -> bool:
    """An upper-case title wraps onto upper-case lines; any title after "and",
    "of", "-", or onto a line that starts in lower case."""
    if len(title) > 300 or is_label(text) or find_resolutions([Line(text, 0)]):
        return False
    bare = _AGENDA_REF.sub("", text)  # "JUDGEMENT (Agenda item 4)" ends an upper-case title
    if not bare:
        return True  # "(Agenda item 6)" on its own line
    if title.isupper() and bare.isupper() and re.search(r"[A-Z]{2}", bare):
        return True
    if bare[:1].islower() and len(bare) <= 80 and not title.endswith((".", ":", ";", ")")):
        return True
    return bool(_JOINER_END.search(title[-8:]))


_DECLARED = re.compile(
    r"(?P<who>(?:[Tt]he\s+)?(?:Vice[- ])?(?:Chair(?:man|person)?|Mayor|Leader)|"
    r"(?:(?:Councillors?|Cllrs?\.?|Mr|Mrs|Ms|Miss|Dr|Professor)\s+)?"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s+"
    r"(?:declared|declares|indicated|disclosed|registered|made)\b[^.]{0,160}?\binterests?\b"
)
_ITEM_REF = re.compile(
    r"\b(?:agenda\s+)?(?:item|minute|agenda)\s+(?:no\.?\s*)?(\d{1,3}[a-z]?)\b", re.I
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z]|\(?\d{1,2}[.)]\s)")


def _declarations(items: list[ParsedMinutesItem]) -> list[ParsedDeclaration]:
    out: list[ParsedDeclaration] = []
    for item in items:
        own = "declar" in item.title.lower()
        for sentence in _SENTENCE.split(" ".join(item.text.split())):
            found = _DECLARED.search(sentence)
            if found is None or re.search(r"(?i)\bno\s+(?:declarations|interests)\b", sentence):
                continue
            who = re.sub(r"^[Tt]he\s+", "", found.group("who"))
            reference = _ITEM_REF.search(sentence[found.end("who") :])
            number = reference.group(1) if reference else (None if own else item.number)
            for person in _declarers(sentence[: found.end("who")]) or [strip_honorific(who)]:
                out.append(
                    ParsedDeclaration(person=person, text=sentence.strip(), item_number=number)
                )
    return out


def _declarers(head: str) -> list[str]:
    """Everyone named before "declared", as printed: "2) Mrs A and Mr B" -> ["Mrs A",
    "Mr B"], "Councillor B Taylor" -> ["B Taylor"]; [] if anything else is there."""
    head = re.sub(r"^\(?\w{1,2}[.)]\s*", "", head.strip())
    pieces = [p for p in re.split(r",\s*|\s+and\s+|\s+&\s+", head) if p.strip()]
    found = [clean_name(p) for p in pieces]
    return [n for n in found if n] if pieces and all(found) else []


_APOLOGIES_TITLE = re.compile(r"^(?:[\w./ ]{0,12}\s)?apologies\b", re.I)


def _minute_title_before(lines: list[Line], index: int, stops: set[int]) -> str:
    """The heading text (number and title lines) that ends just above line `index`."""
    start = index - 1
    while start > 0 and start - 1 in stops and index - start < 4:
        start -= 1
    return " ".join(x.text for x in lines[start:index] if not _REF_LINE.match(x.text))


_MARK = 0xF0000  # a private-use code point: never in a council's text


def _lines(pages: list[str], tops: frozenset[str]) -> list[Line]:
    """The lines without page furniture, keeping "(Item N)" lines: printed at the
    top or foot of many pages, they would look like a running header."""
    count = 0
    marked = []
    for page in pages:
        out = []
        for raw in page.splitlines():
            if count < 60000 and _REF_LINE.match(raw.strip()):
                out.append(f"{raw.strip()}{chr(_MARK + count)}")
                count += 1
            else:
                out.append(raw)
        marked.append("\n".join(out))
    lines = page_lines(marked, headers=tops)
    for line in lines:
        if line.text and _MARK <= ord(line.text[-1]) < _MARK + 60000:
            line.text = line.text[:-1].rstrip()
    return lines


_BODY_OVER_DATE = re.compile(
    rf"^(?P<name>[^–\-:]{{3,90}}?)\s*[-–]\s*(?:\w+day,?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+"
    rf"{MONTH_NAME}\b",
    re.I,
)


def _body_over_date(lines: list[str]) -> str | None:
    """ "CORPORATE PARENTING PANEL– 29 October 2024": the committee a title line names."""
    for line in lines:
        found = _BODY_OVER_DATE.match(line)
        if found and BODY_WORDS.search(found.group("name")) and not is_label(line):
            return committee_name(found.group("name"))
    return None


def _running_heads(pages: list[str], committee: str | None) -> frozenset[str]:
    """ "Cabinet - 4 March 2025" at the top of later pages: the meeting's own name over
    its date, a running header even where too few pages print it to count as one."""
    if not committee:
        return frozenset()
    found = set()
    for page in pages[:200]:
        for line in [clean(raw) for raw in page.splitlines() if raw.strip()][:2]:
            named = _BODY_OVER_DATE.match(line)
            short = len(line) <= 120 and not line.endswith(".")
            if named and short and committee_name(named.group("name")).lower() == committee.lower():
                found.add(line)
    return frozenset(found)


def parse_minutes(pages: list[str]) -> ParsedMinutes:
    """Read minutes (or printed decisions) into their meeting, attendance and items."""
    heading = read_heading(pages, minutes_first=True)
    first_lines = [clean(line) for line in (pages[0].splitlines() if pages else [])]
    if heading.committee and is_list_label(heading.committee):
        # "ALSO PRESENT: A, Cabinet Member for ..." names a person, not the body.
        heading.committee = _body_over_date(first_lines[:HEAD_LINES])
    tops = frozenset(line for line in first_lines[:6] if line and _heading(line, None) is None)
    tops |= _running_heads(pages[1:], heading.committee)
    lines = _lines(pages, tops)
    _preamble, items, stops = _items(lines)
    apologies_at = frozenset(
        index
        for index, line in enumerate(lines)
        if index > 0
        and index - 1 in stops
        and index not in stops
        and _APOLOGIES_TITLE.match(_minute_title_before(lines, index, stops))
    )
    if not items:
        resolutions = find_resolutions(lines)
        if resolutions:
            items = [
                ParsedMinutesItem(
                    number=None,
                    title=heading.committee or "Decisions",
                    position=0,
                    text="\n".join(line.text for line in lines),
                    resolutions=resolutions,
                    page=resolutions[0].page,
                )
            ]
    when = heading.when
    minutes = ParsedMinutes(
        committee=heading.committee,
        meeting_date=when.date() if isinstance(when, datetime) else when,
        meeting_start=when if isinstance(when, datetime) else None,
        venue=heading.venue,
    )
    # Attendance labels appear in the preamble and in minutes such as "Apologies".
    minutes.attendance = read_attendance(lines, stops, apologies_at)
    minutes.declarations = _declarations(items)
    minutes.items = items
    return minutes
