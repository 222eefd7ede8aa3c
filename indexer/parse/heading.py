"""Which meeting a document's first page names: committee, date and time, venue.

Agendas say "A meeting of the Audit Committee will be held ... Date: 22
October 2009 Time: 19:15"; minutes say "Minutes of the Audit Committee
meeting held on 10 July 2018 at 7.00 pm" or print the committee's name over
the date; reports print the committee and meeting date above their title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from indexer.parse.text import BODY_WORDS, clean, date_and_time, find_date, title_case

HEAD_LINES = 40
_MINUTES_OF = re.compile(
    r"\bminutes\s+of\s+(?:an?\s+|the\s+)?(?:(?:extraordinary|special|annual|ordinary|"
    r"reconvened|adjourned|virtual|remote|joint)\s+)?(?:meeting\s+of\s+(?:the\s+)?)?"
    r"(?P<name>[^.\n]{2,120}?)\s*(?:meeting\s+)?,?\s*held\b",
    re.I,
)
_MEETING_OF = re.compile(
    r"\b(?:a\s+)?meeting\s+of\s+(?:the\s+)?(?P<name>[^.\n]{2,100}?)\s+(?:will\s+be|is\s+to\s+be|to\s+be)\s+held\b",
    re.I,
)
_LABEL = re.compile(r"^(date|time|venue|place|location|date and time)\s*:\s*(.*)$", re.I)
_NOT_A_BODY = re.compile(
    r"\b(?:draft|agreed|calendar|minutes are|contact|www\.|@|telephone|will be held|"
    r"report|membership|members|details|structure|calendar|attendance)\b",
    re.I,
)
_AUTHORITY = re.compile(
    r"^(?:the\s+)?(?:(?:royal\s+)?(?:london\s+)?borough\s+(?:council\s+)?of\s+)?[\w&'’ -]{2,60}\s+"
    r"(?:county\s+|city\s+|borough\s+|district\s+|metropolitan\s+borough\s+)?council$",
    re.I,
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


def _body_line(line: str) -> bool:
    """A line that names a committee: short, no sentence, a body word in it."""
    if len(line) > 90 or line.endswith(".") or _NOT_A_BODY.search(line):
        return False
    if not BODY_WORDS.search(line) or find_date(line):
        return False
    return not _AUTHORITY.match(line) or bool(re.match(r"(?i)^(full|county|city)\s+council$", line))


def _sentence(pattern: re.Pattern[str], joined: str) -> re.Match[str] | None:
    """The first match that is not an agenda item ("3. Minutes of the meeting held on")."""
    for found in pattern.finditer(joined):
        before = joined[max(0, found.start() - 8) : found.start()]
        name = found.group("name")
        if re.search(r"(?i)\bmeeting\b", name):
            continue  # "the Audit and the Planning Committee meetings both held on": ambiguous
        if BODY_WORDS.search(name) and not re.search(r"\d[.)]?\s*$", before):
            return found
    return None


def _read(lines: list[str], minutes_first: bool) -> Heading:
    joined = " ".join(lines)
    heading = Heading()
    patterns = (_MINUTES_OF, _MEETING_OF) if minutes_first else (_MEETING_OF, _MINUTES_OF)
    for pattern in patterns:
        found = _sentence(pattern, joined)
        if found:
            heading.committee = committee_name(found.group("name"))
            heading.when = date_and_time(joined[found.end() : found.end() + 200])
            break
    labels: dict[str, str] = {}
    for index, line in enumerate(lines):
        label = _LABEL.match(line)
        if label and label.group(1).lower() not in labels:
            value = label.group(2).strip()
            if label.group(1).lower() in ("venue", "place", "location") and index + 1 < len(lines):
                following = lines[index + 1]
                labelled = re.match(r"^[\w ]{2,25}:", following)
                if "," in following and not labelled and len(following) < 90:
                    value = f"{value}, {following}" if value else following
            labels[label.group(1).lower()] = value
    if heading.when is None:
        when_text = " ".join(labels.get(k, "") for k in ("date", "date and time", "time")).strip()
        heading.when = date_and_time(when_text) if when_text else None
    if heading.when is None:
        for index, line in enumerate(lines):
            dated = find_date(line)
            published = re.search(r"(?i)publi|issued|despatch|dispatch", line)
            item = dated is not None and dated[1] > 0 and re.match(r"^\d{1,3}[.)]?\s+\D", line)
            if dated and not published and not item:
                heading.when = date_and_time(" ".join(lines[index : index + 2]))
                break
    if heading.committee is None:
        for line in lines:
            # "Audit Committee - Thursday 15 January 2026 7:30 pm" on a meeting page
            name = re.sub(r"\s+[-–]\s+(?:\w+day\b.*|\d.*)$", "", line)
            if _body_line(name):
                heading.committee = committee_name(name)
                break
    venue = labels.get("venue") or labels.get("place") or labels.get("location")
    # A meeting page's venue ends in its map link: "Guildhall. View directions".
    venue = re.sub(r"(?i)\.?\s*view directions\.?$", "", clean(venue)) if venue else None
    heading.venue = venue or None
    return heading


def read_heading(pages: list[str], *, minutes_first: bool = False) -> Heading:
    """Committee, date (with time if printed) and venue from the first page,
    completed from the second where the first does not say."""
    found = Heading()
    for page in pages[:2]:
        lines = [line for line in (clean(raw) for raw in page.splitlines()) if line]
        heading = _read(lines[:HEAD_LINES], minutes_first)
        found.committee = found.committee or heading.committee
        found.when = found.when or heading.when
        found.venue = found.venue or heading.venue
        if found.committee and found.when:
            break
    return found
