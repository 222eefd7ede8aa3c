"""Which meeting a document's first page names: committee, date and time, venue.

Agendas say "A meeting of the Audit Committee will be held ... Date: 22
October 2009 Time: 19:15"; minutes say "Minutes of the Audit Committee
meeting held on 10 July 2018 at 7.00 pm" or print the committee's name over
the date; reports print the body they go to and the meeting date above
their title ("To: Cabinet – 30 January 2025", "Report to: Planning
Committee", "Date of meeting: 5 March 2025"); covering letters print
"CABINET - THURSDAY, 30 JANUARY 2025" under "Dear Member".

Each reading is weighed: a sentence naming the meeting beats a label, a
label beats a "Committee – date" heading line, and a bare date or a line
that merely contains a body word comes last. Dates that belong to
something else are not the meeting's: the date a letter is written or a
paper published, the previous meeting whose minutes are approved, a date
in a sentence of the body. Where nothing reliable is printed, nothing is
returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from indexer.parse.text import (
    BODY_WORDS,
    clean,
    date_and_time,
    find_date,
    is_blank,
    title_case,
)

HEAD_LINES = 40
_BODY_LINES = 12  # a committee's name printed alone stands near the top
_PAGES = 2  # non-blank pages read (a cover page sends the reader on)
_COVER_LINES = 15  # a first page this short is a cover or a letter
_BODY_CHARS = 20_000  # how much of a page a sentence about the deciding meeting is looked for in
_MINUTES_OF = re.compile(
    r"\bminutes?\s+of\s+(?:an?\s+|the\s+)?(?:(?:extraordinary|special|annual|ordinary|"
    r"reconvened|adjourned|virtual|remote|joint)\s+)?(?:meeting\s+of\s+(?:the\s+)?)?"
    r"(?P<name>[^.\n]{2,120}?)\s*(?:meeting\s+)?,?\s*held\b",
    re.I,
)
# "Record of the decisions taken at the meeting of the Executive held on ...".
_DECISIONS_OF = re.compile(
    r"\bdecisions?\s+(?:taken\s+|made\s+)?(?:at|by)\s+(?:an?\s+|the\s+)?(?:meeting\s+of\s+(?:the\s+)?)?"
    r"(?P<name>[^.\n]{2,100}?)\s*(?:meeting\s+)?,?\s*held\b",
    re.I,
)
_MEETING_OF = re.compile(
    r"\b(?:a\s+)?meeting\s+of\s+(?:the\s+)?(?P<name>[^.\n]{2,100}?)\s+(?:will\s+be|is\s+to\s+be|to\s+be)\s+held\b",
    re.I,
)
# "Summons to and Agenda for the Budget County Council Meeting on Thursday, 13th ..."
_MEETING_ON = re.compile(
    r"\b(?:agenda|summons|notice)\b[^.]{0,120}?\bmeeting\s+(?:(?:to\s+be|will\s+be)\s+held\s+)?on\s+"
    r"(?=(?:\w+day\b,?\s*)?\d)",
    re.I,
)
# "Minutes of the Overview and Scrutiny Committee" on its own line, the date below.
_MINUTES_OF_LINE = re.compile(
    r"^(?:draft\s+|confirmed\s+)?minutes?\s+of\s+(?:an?\s+|the\s+)?(?:meeting\s+of\s+(?:the\s+)?)?"
    r"(?P<name>[^.:\n]{3,90})$",
    re.I,
)
# Minutes printed under their committee: "Minutes of the meeting held on 10 July 2018".
_OWN_MINUTES_ON = re.compile(r"^minutes\s+of\s+(?:the|a|an)\s+meeting\s+held\s+on\b", re.I)
_LABEL = re.compile(
    r"^(date|time|venue|place|location|date and time|date of meeting|meeting date|"
    r"date of the meeting|date of decision|decision date|date decision (?:taken|made))\s*:\s*(.*)$",
    re.I,
)
_DATE_LABELS = (
    "date",
    "date and time",
    "date of meeting",
    "meeting date",
    "date of the meeting",
    # a record of an individual decision: the day it was taken
    "date of decision",
    "decision date",
    "date decision taken",
    "date decision made",
)
# Labels whose value names the body a paper goes to or is decided by.
_BODY_LABEL = re.compile(
    r"^(?:to|report\s+to|submitted\s+to|meeting|name\s+of\s+(?:the\s+)?meeting|committee|"
    r"meeting\s+of|decision\s+maker|decision\s+to\s+be\s+taken\s+by|decision\s+taker)\s*:\s*(?P<value>.*)$",
    re.I,
)
# "Report of the Director of Resources to the Scrutiny Board"
# Who took an individual decision, on its record: "Decision taken by: Cabinet Member
# for Highways" (the record's body, where no committee met). Only a role, never a name.
_DECIDED_BY = re.compile(
    r"^(?:decision\s+(?:taken|made)\s+by|decision[-\s]maker|taken\s+by)\s*:\s*(?P<value>.*)$", re.I
)
_ROLE_BODY = re.compile(
    r"^(?:the\s+)?(?:(?:deputy|assistant)\s+)?(?:(?:cabinet|executive|lead)\s+member|"
    r"portfolio\s+holder|executive\s+councillor)\s+for\s+[A-Z][\w,&'’ -]{2,80}$"
    r"|^(?:the\s+)?(?:deputy\s+)?leader\s+of\s+the\s+council$",
    re.I,
)
_REPORT_TO = re.compile(
    r"^report\s+(?:of|by|from)\b.{0,150}?\bto\s+(?:the\s+)?(?P<name>.{3,100})$", re.I
)
_REPORT_TO_BARE = re.compile(r"^report\s+to\s+(?:the\s+)?(?P<name>.{3,100})$", re.I)
# Any "Label:" line; only _BODY_LABEL ones may name a committee.
_ANY_LABEL = re.compile(r"^[^\W\d_](?:[^\W\d_]|[()/&'’ .-]){0,40}?\s*:")
_ADDRESSEES = re.compile(
    r"^(?:the\s+)?(?:chair(?:man)?\s+and\s+)?(?:all\s+)?(?:the\s+)?(?:members|councillors)\s+of\s+"
    r"(?:the\s+)?",
    re.I,
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# A sentence about the meeting that will decide: "A report will be presented to
# Cabinet on 30 January 2025", "... prior to decision by Cabinet on 30 January 2025".
_NAME_ON = r"(?:the\s+)?(?P<name>[A-Z][\w&'’ -]{2,60}?)\s+(?:meeting\s+)?on\s+"
_DECIDED_ON = (
    re.compile(
        r"\b(?:will|to|is\s+due\s+to)\s+be\s+(?:presented|submitted|considered|reported|taken|made)"
        r"\s+(?:to|by|at)\s+" + _NAME_ON
    ),
    re.compile(
        r"\b(?:prior\s+to|before|for)\s+(?:a\s+|the\s+)?decision\s+(?:by|of|at)\s+" + _NAME_ON
    ),
)
_NOT_A_BODY = re.compile(
    r"\b(?:draft|agreed|calendar|minutes are|contact|www\.|@|telephone|will be held|"
    r"report|membership|members|details|structure|attendance|decisions?|record|"
    r"assessment|form|statement|summons|notice|appendix|annex|agenda|update|"
    r"pathway|present|apologies|in attendance|also|subject|classification|status|"
    r"minutes|item)\b",
    re.I,
)
# Who a paper is from, not where it goes.
_PERSON = re.compile(
    r"\b(?:cabinet\s+member|member\s+for|portfolio\s+holder|leader|director|officer|"
    r"chief\s+executive|head\s+of|manager|champion|deputy|clerk|secretary)\b",
    re.I,
)
_TITLED = re.compile(r"\b(?:[Mm]rs?|M[Ss]|[Mm]iss|D[Rr]|[Cc]llr|[Cc]ouncill?or)\.?\s+[A-Z]")
_GENERIC = frozenset(
    (
        "committee",
        "sub-committee",
        "panel",
        "board",
        "forum",
        "group",
        "commission",
        "partnership",
        "assembly",
    )
)
_AUTHORITY = re.compile(
    r"^(?:the\s+)?(?:(?:royal\s+)?(?:london\s+)?borough\s+(?:council\s+)?of\s+)?[\w&'’ -]{2,60}\s+"
    r"(?:county\s+|city\s+|borough\s+|district\s+|metropolitan\s+borough\s+)?council$",
    re.I,
)
_COUNCIL_MEETING = re.compile(
    r"(?i)^(?:full|county|city|borough|district|the)\s+council$|^council$"
)
# A letter's head and foot: its date is when it was written, not the meeting's.
_LETTERHEAD = re.compile(
    r"^(?:direct\s+(?:dial|line)|ask\s+for\s*:|e-?mail\s*:|our\s+ref|your\s+ref|my\s+ref|"
    r"please\s+ask\s+for|contact\s*:|tel(?:ephone)?\s*:)",
    re.I,
)
_SALUTATION = re.compile(
    r"^(?:dear\b|to\s*:\s*(?:all\s+)?(?:the\s+)?(?:members|councillors))", re.I
)
_PUBLISHED = re.compile(r"(?i)publi|issued|despatch|dispatch|\bdated\b|circulated|printed\s+on")
_LEFT = re.compile(
    rf"(?i)\b{_WEEKDAY}\b|\b(?:at|on|commencing|starting|held|meeting|date|time|cancelled|postponed|"
    r"rescheduled|extraordinary|special|reconvened|adjourned|provisional)\b|"
    r"\d{1,2}(?:[.:]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|noon)|\b\d{1,2}[.:]\d{2}\b|[^\w]+"
)
# A "Name – date" heading: dashes with spaces, or en/em dashes written close up.
_DASH = re.compile(r"\s[-–—]\s|[–—]")


_KIND_AFTER = re.compile(
    r"(?i)\s+(?:[-–—]\s*)?(?:(?:public\s+|supplementary\s+)?agenda(?:\s+pack)?|minutes|decisions)$"
)


@dataclass
class Heading:
    committee: str | None = None
    when: date | datetime | None = None
    venue: str | None = None


def committee_name(text: str) -> str:
    name = clean(text).strip(" ,:;-–")
    name = re.sub(r"^(?:the|a)\s+", "", name, flags=re.I)
    return title_case(name)


def _body_name(text: str) -> str | None:
    """A body's name as printed, or None: "Cabinet", "Planning Committee", "County
    Council"; not a person or role, an authority alone, a sentence or a label."""
    name = clean(text).strip(" ,:;.-–—")
    name = re.sub(r"^(?:the|a)\s+", "", name, flags=re.I)
    if not name or len(name) > 90 or re.search(r"\d", name):
        return None
    if _PERSON.search(name) or _TITLED.search(name) or _NOT_A_BODY.search(name) or ":" in name:
        return None
    if name.lower() in _GENERIC:
        return None
    if not BODY_WORDS.search(name) or len(name.split()) > 12:
        return None
    if _AUTHORITY.match(name) and not _COUNCIL_MEETING.match(name):
        return None
    return name


def _body_line(line: str) -> bool:
    """A line that names a committee: short, no sentence, a body word in it."""
    if line.endswith(".") or _ANY_LABEL.match(line) or find_date(line):
        return False
    if len(line.split()) > 10 or not line[:1].isupper():
        return False
    return _body_name(line) is not None


def _before_date(value: str) -> str:
    """The words before a date: "Cabinet – 30 January 2025" -> "Cabinet",
    "County Council Date: 13 March" -> "County Council"."""
    found = find_date(value)
    if found:
        value = value[: found[1]]
    value = re.split(r"(?i)\bdate\s*:|\b" + _WEEKDAY + r"\b", value, maxsplit=1)[0]
    return value.strip(" ,:;-–—")


def _dateish(text: str) -> bool:
    """A line that is (nearly) only a date: "Thursday, 13th March, 2025, at 3.00 pm"."""
    found = find_date(text)
    if found is None:
        return False
    rest = text[: found[1]] + " " + text[found[2] :]
    rest = re.sub(r"\([^)]{0,80}\)?", " ", rest)  # "(or on the rising of Council)"
    rest = _LEFT.sub(" ", rest)
    return not rest.split()


def _letter_date(lines: list[str], index: int) -> bool:
    """The date a letter is written: next to "Dear Member", "Ask for:", "Direct dial"."""
    before, after = lines[max(0, index - 3) : index], lines[index + 1 : index + 4]
    return (
        any(_LETTERHEAD.match(line) for line in before)
        or any(_SALUTATION.match(line) for line in after)
        or bool(_PUBLISHED.search(lines[index]))
    )


def _sentence(pattern: re.Pattern[str], joined: str) -> re.Match[str] | None:
    """The first match that is not an agenda item ("3. Minutes of the meeting held on")."""
    for found in pattern.finditer(joined):
        before = joined[max(0, found.start() - 8) : found.start()]
        name = found.group("name")
        if re.search(r"(?i)\bmeeting\b", name):
            continue  # "the Audit and the Planning Committee meetings both held on": ambiguous
        # (an item number before it, not the year of a date: "... 10 Mawrth 2025 Minutes of")
        if BODY_WORDS.search(name) and not re.search(r"(?:^|\D)\d{1,3}[.)]?\s*$", before):
            return found
    return None


def _labelled_body(lines: list[str]) -> tuple[str | None, date | datetime | None]:
    """ "To: Cabinet – 30 January 2025", "Meeting: Planning Committee", "Decision to be
    taken by:" / "Cabinet", "Report of the Director ... to the Scrutiny Board"."""
    for index, line in enumerate(lines):
        found = _BODY_LABEL.match(line)
        value = found.group("value").strip() if found else ""
        if found and not value and index + 1 < len(lines):
            value = lines[index + 1]  # the value under its label
        if not found:
            found = _REPORT_TO.match(line) or _REPORT_TO_BARE.match(line)
            value = found.group("name") if found else ""
        if not found or not value:
            continue
        value = _ADDRESSEES.sub("", value)
        name = _body_name(_before_date(value))
        if name:
            dated = find_date(value)
            return name, date_and_time(value[dated[1] :]) if dated else None
    return None, None


def _decided_by(lines: list[str]) -> str | None:
    """The role that took a recorded decision ("Decision taken by:" / "Cabinet Member
    for Highways and Transport"), or None where a person is named or nothing is."""
    for index, line in enumerate(lines):
        found = _DECIDED_BY.match(line)
        if found is None:
            continue
        value = found.group("value").strip() or (lines[index + 1] if index + 1 < len(lines) else "")
        value = clean(value).strip(" ,;.")
        if _ROLE_BODY.match(value) and not _TITLED.search(value):
            return committee_name(value)
        return None
    return None


def _heading_line(lines: list[str]) -> tuple[str | None, date | datetime | None]:
    """ "CABINET - THURSDAY, 30 JANUARY 2025", "CORPORATE PARENTING PANEL– 29 October 2024",
    "Governance Update Appendix 1 – County Council 13 March 2025"."""
    for line in lines:
        if _ANY_LABEL.match(line) or len(line) > 140 or line.endswith("."):
            continue
        segments = _DASH.split(line)
        for position, segment in enumerate(segments):
            dated = find_date(segment)
            if dated is not None:
                name = _body_name(_before_date(segment))
                if name is None and position and not _before_date(segment):
                    name = _body_name(segments[position - 1])
                last = name.split()[-1] if name else ""
                if name and last[:1].isupper() and _dateish(segment[dated[1] :]):
                    return name, date_and_time(" - ".join(segments[position:]))
    return None, None


def _date_line(lines: list[str]) -> date | datetime | None:
    """The first line that is only a date (not a letter's or a publication's date);
    then a date printed over several short lines (a cover page)."""
    for index, line in enumerate(lines):
        if _dateish(line) and not _letter_date(lines, index) and not _ANY_LABEL.match(line):
            return date_and_time(" ".join(lines[index : index + 2]))
    for index in range(len(lines)):
        window = lines[index : index + 3]
        if all(len(line) <= 40 for line in window):
            joined = " ".join(window)
            dated = find_date(joined)
            if dated and _dateish(joined) and not _letter_date(lines, index):
                return date_and_time(" ".join(lines[index : index + 4]))
    return None


def _read(lines: list[str], minutes_first: bool) -> Heading:
    joined = " ".join(lines)
    heading = Heading()
    patterns = (
        (_MINUTES_OF, _DECISIONS_OF, _MEETING_OF) if minutes_first else (_MEETING_OF, _MINUTES_OF)
    )
    for pattern in patterns:
        found = _sentence(pattern, joined)
        if found:
            heading.committee = committee_name(found.group("name"))
            heading.when = date_and_time(joined[found.end() : found.end() + 200])
            break
    if heading.committee is None and minutes_first:
        for line in lines[:_BODY_LINES]:
            own = _MINUTES_OF_LINE.match(line)
            name = _body_name(own.group("name")) if own else None
            if name:
                heading.committee = committee_name(name)
                break
    if heading.when is None and minutes_first:
        for line in lines[:6]:
            if _OWN_MINUTES_ON.match(line):
                heading.when = date_and_time(line)
                break
    labels: dict[str, str] = {}
    for index, line in enumerate(lines):
        label = _LABEL.match(line)
        if label and label.group(1).lower() not in labels:
            key = label.group(1).lower()
            value = label.group(2).strip()
            if key in _DATE_LABELS and _letter_date(lines, index):
                continue  # the letter's date, not the meeting's
            if not value and index + 1 < len(lines) and key in _DATE_LABELS + ("time",):
                value = lines[index + 1]
            if key in ("venue", "place", "location") and index + 1 < len(lines):
                following = lines[index + 1]
                labelled = re.match(r"^[\w ]{2,25}:", following)
                if "," in following and not labelled and len(following) < 90:
                    value = f"{value}, {following}" if value else following
            labels[key] = value
    if heading.when is None:
        when_text = " ".join(labels.get(k, "") for k in _DATE_LABELS + ("time",)).strip()
        heading.when = date_and_time(when_text) if when_text else None
    body, body_when = _labelled_body(lines)
    if heading.committee is None and body:
        heading.committee = committee_name(body)
    heading.when = heading.when or body_when
    if heading.when is None:
        found_on = _MEETING_ON.search(joined)
        if found_on:
            heading.when = date_and_time(joined[found_on.end() : found_on.end() + 80])
    if heading.committee is None and minutes_first:
        heading.committee = _decided_by(lines)
    named, named_when = _heading_line(lines)
    if heading.committee is None and named:
        heading.committee = committee_name(named)
    heading.when = heading.when or named_when
    if heading.when is None:
        heading.when = _date_line(lines)
    if heading.committee is None:
        heading.committee = next(
            (committee_name(line) for line in lines[:_BODY_LINES] if _body_line(line)), None
        )
    if heading.committee is None:
        # "Cabinet Agenda", "PLANNING COMMITTEE MINUTES": the body, then the paper's kind.
        for line in lines[:_BODY_LINES]:
            bare = _KIND_AFTER.sub("", line)
            if bare != line and _body_line(bare):
                heading.committee = committee_name(bare)
                break
    venue = labels.get("venue") or labels.get("place") or labels.get("location")
    # A meeting page's venue ends in its map link: "Guildhall. View directions".
    venue = re.sub(r"(?i)\.?\s*view directions\.?$", "", clean(venue)) if venue else None
    heading.venue = venue or None
    return heading


def _decided_on(joined: str, committee: str) -> date | datetime | None:
    """ "A report will be presented to Cabinet on 30 January 2025": the date of the
    meeting of the body already found, said in a sentence about it."""
    for pattern in _DECIDED_ON:
        for found in pattern.finditer(joined):
            if committee_name(found.group("name")).lower() == committee.lower():
                dated = find_date(joined[found.end() : found.end() + 40])
                if dated and dated[1] <= 12:
                    return dated[0]
    return None


_MAX_LINE = 500


def _first_lines(page: str) -> list[str]:
    """The first HEAD_LINES non-empty lines, cleaned (the rest of the page is not read)."""
    lines: list[str] = []
    for raw in page.splitlines():
        line = clean(raw[:_MAX_LINE])  # a heading is short: a longer line is prose
        if line:
            lines.append(line)
            if len(lines) > HEAD_LINES:
                break
    return lines


def read_heading(pages: list[str], *, minutes_first: bool = False) -> Heading:
    """Committee, date (with time if printed) and venue from the first page,
    completed from the next non-blank page where the first does not say."""
    found = Heading()
    read = 0
    for page in pages[:4]:
        lines = _first_lines(page)
        if is_blank("\n".join(lines)):
            continue
        heading = _read(lines[:HEAD_LINES], minutes_first)
        found.committee = found.committee or heading.committee
        found.when = found.when or heading.when
        found.venue = found.venue or heading.venue
        read += 1
        if (found.committee and found.when) or read >= _PAGES or len(lines) > _COVER_LINES:
            break  # past a cover page the next page is the body: it names no meeting
    if found.when is None and found.committee:
        body = [clean(page[:_BODY_CHARS]) for page in pages[:4] if not is_blank(page[:200])]
        body = body[:_PAGES]
        found.when = _decided_on(" ".join(body), found.committee)
    return found
