"""Minutes: whose meeting, who attended, who declared what, each minute and its resolutions.

The meeting is the one the minutes record ("Minutes of the Audit Committee
meeting held on 10 July 2018", or the committee's name printed over the
date), never the meeting whose pack printed them. Attendance comes from
labelled lists ("Present:", "Also present:", "Apologies:", "Officers:")
that may wrap over several lines; roles in brackets ("(Chair)") are read.
Minutes are numbered headings ("5.", "12 TITLE", "64/16") whose numbers only
go up; "(Agenda item 4)" after a title says which agenda item a minute is.
"""

from __future__ import annotations

import re
from datetime import datetime

from indexer.parse.heading import read_heading
from indexer.parse.resolutions import find_resolutions
from indexer.parse.text import MONTH_YEAR, Line, clean, page_lines, strip_honorific
from indexer.parse.types import (
    ParsedAttendance,
    ParsedDeclaration,
    ParsedMinutes,
    ParsedMinutesItem,
    ParsedResolution,
)

_HEADING = re.compile(
    r"^(?P<lead>(?:minute|item|agenda\s+item)\s+(?:no\.?\s*)?)?"
    r"(?P<num>\d{1,3}(?:/\d{2,4})?(?:\.\d{1,2})?[a-z]?)(?P<punct>[.):])?"
    r"(?:\s+(?P<title>\S.*))?$",
    re.I,
)
_AGENDA_REF = re.compile(r"\s*\((?:agenda\s+)?item\s+(?:no\.?\s*)?([\w./]{1,8})\)\s*$", re.I)
_TITLE_NOISE = re.compile(r"\s*(?:\bPDF\s+\d+(?:\.\d+)?\s*[KM]B\b|\(pages?\s*\d+[^)]*\))", re.I)
_LABELS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), role)
    for pattern, role in (
        (
            r"^(?:(?:members|councillors)(?:\s+of\s+the\s+[\w-]+(?:\s+[\w-]+)?)?\s+)?"
            r"present\s*(?:[:–-]|$)",
            "member",
        ),
        (
            r"^(?:also\s+present|also\s+in\s+attendance|in\s+attendance|also\s+attending)\s*(?:[:–-]|$)",
            "also_present",
        ),
        (r"^officers?(?:\s+(?:present|in\s+attendance|attending))?\s*(?:[:–-]|$)", "officer"),
        (
            r"^apologies(?:\s+for\s+(?:absence|non-attendance))?(?:\s+(?:were|was|had\s+been)\s+"
            r"(?:received|submitted|given|tendered|made|noted)(?:\s+(?:from|by|on\s+behalf\s+of))?)?\s*(?:[:–-]|$|(?=\s))",
            "apologies",
        ),
        (r"^absent\s*(?:[:–-]|$)", "absent"),
        (r"^(?:chair(?:man|person)?|in\s+the\s+chair)\s*[:–-]", "chair"),
        (r"^vice[-\s]chair(?:man|person)?\s*[:–-]", "vice_chair"),
    )
)
_NOT_A_NAME = re.compile(
    r"\b(?:none|nil|no\s+apologies|there\s+were|was|were|received|declared|interest|meeting|"
    r"committee|report|minutes|resolved|noted|agenda|item|who|which|that|this|had|has|have)\b",
    re.I,
)
_ROLE_IN_BRACKETS = (
    (re.compile(r"\b(?:vice|deputy)[-\s]?chair", re.I), "vice_chair"),
    (re.compile(r"\bchair|\bin\s+the\s+chair", re.I), "chair"),
)
_DECLARED = re.compile(
    r"(?P<who>(?:[Tt]he\s+)?(?:Vice[- ])?(?:Chair(?:man|person)?|Mayor|Leader)|"
    r"(?:(?:Councillors?|Cllrs?\.?|Mr|Mrs|Ms|Miss|Dr|Professor)\s+)?"
    r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})\s+"
    r"(?:declared|declares|indicated|disclosed|registered|made)\b[^.]{0,160}?\binterests?\b"
)
_ITEM_REF = re.compile(
    r"\b(?:agenda\s+)?(?:item|minute|agenda)\s+(?:no\.?\s*)?(\d{1,3}[a-z]?)\b", re.I
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


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


def _leading_int(number: str) -> int:
    found = re.match(r"\d+", number)
    return int(found.group()) if found else 0


def _heading(text: str, last_number: str | None) -> tuple[str, str] | None:
    """(number as printed, title) if the line starts a minute."""
    found = _HEADING.match(text)
    if found is None:
        return None
    title = (found.group("title") or "").strip()
    if title:
        if not re.match(r"^[\W\d]{0,8}[A-Za-z]", title) or title[0].islower():
            return None
        if len(title) > 160 or not _case_ok(title) or MONTH_YEAR.match(title):
            return None
    elif found.group("punct") != "." and not found.group("lead"):
        return None
    number = found.group("num")
    if last_number is not None:
        key, last = _leading_int(number), _leading_int(last_number)
        if key < last or key > last + 30 or number.lower() == last_number.lower():
            return None
        # "5a", "5.1" after "5" are sub-items, if titled: "45.2 Members asked ..." is prose.
        if key == last and not (
            re.search(r"[a-z.]", number[len(str(key)) :], re.I) and _titled(title)
        ):
            return None
    end = found.end("punct") if found.group("punct") else found.end("num")
    return text[:end].strip(), title


def _names(text: str, role: str) -> list[ParsedAttendance]:
    """ "Councillor Ann Lee (Chair), Councillors A and B" -> people with roles."""
    text = text.strip().rstrip(".;")
    pieces: list[str] = []
    depth, current = 0, ""
    for token in re.split(r"([(),;]|\s+and\s+|\s+&\s+|\.\s+(?=[A-Z]))", text):
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        if depth == 0 and (
            token in (",", ";") or re.fullmatch(r"\s+(?:and|&)\s+|\.\s+", token or "")
        ):
            pieces.append(current)
            current = ""
        else:
            current += token or ""
    pieces.append(current)
    out: list[ParsedAttendance] = []
    for piece in pieces:
        person_role = role
        for bracket in re.findall(r"\(([^)]*)\)?", piece):
            for pattern, bracket_role in _ROLE_IN_BRACKETS:
                if role == "member" and pattern.search(bracket):
                    person_role = bracket_role
                    break
        name = re.sub(r"\([^)]*\)?|^[^(]*\)", " ", piece)
        name = strip_honorific(re.sub(r"\s+", " ", name).strip(" .:-–"))
        if _valid_name(name):
            out.append(ParsedAttendance(person=name, role=person_role))
    return out


def _valid_name(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 6 or not name[0].isupper() or re.search(r"\d", name):
        return False
    return not _NOT_A_NAME.search(name)


def _names_line(text: str) -> bool:
    """A wrapped line of a name list: every word outside brackets capitalised."""
    bare = re.sub(r"\([^)]*\)?|^[^(]*\)", " ", text)
    words = [w for w in re.findall(r"[\w'’-]+", bare) if w.lower() not in ("and", "of", "the")]
    return bool(words) and all(w[0].isupper() for w in words) and not _NOT_A_NAME.search(bare)


def _label(text: str) -> tuple[str, str] | None:
    for pattern, role in _LABELS:
        found = pattern.match(text)
        if found:
            return role, text[found.end() :].strip(" :–-")
    return None


def _joiner(previous: str, line: str) -> str:
    """How two lines of a name list join: a new entry, or one name wrapped."""
    if previous.endswith((")", ".")) or (
        _TITLED.match(line) and not re.search(r"(?:,|\band|&)$", previous)
    ):
        return ", "
    return " "


_TITLED = re.compile(r"^(?:councillors?|cllrs?\.?|mr|mrs|ms|miss|dr|professor|sir|dame)\b", re.I)


def _attendance(lines: list[Line]) -> list[ParsedAttendance]:
    """People in labelled lists. Names that follow a finished list without a
    label of their own, with what they do in brackets ("Caroline Holland
    (Director of Corporate Services)"), are the officers who attended."""
    found: list[ParsedAttendance] = []
    block: tuple[str, list[str]] | None = None

    def flush() -> None:
        if block is not None:
            # A line that ends a name ("... (Democratic Services)") ends a list entry.
            text = "".join(
                (_joiner(block[1][i - 1], part) if i else "") + part
                for i, part in enumerate(block[1])
            )
            found.extend(_names(text, block[0]))

    for line in lines:
        text = line.text
        label = _label(text)
        if label is not None:
            flush()
            block = (label[0], [label[1]] if label[1] else [])
            continue
        if block is None:
            continue
        previous = block[1][-1] if block[1] else ""
        open_end = not previous or bool(re.search(r"(?:[,&]|\band)$", previous.rstrip()))
        if _heading(text, None) is None and (_names_line(text) or open_end and len(text) < 90):
            if previous.endswith(".") and "(" in text and block[0] != "officer":
                flush()
                block = ("officer", [])
            block[1].append(text)
            continue
        flush()
        block = None
    flush()
    unique: list[ParsedAttendance] = []
    for person in found:
        if all((p.person, p.role) != (person.person, person.role) for p in unique):
            unique.append(person)
    return unique


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
            out.append(
                ParsedDeclaration(
                    person=strip_honorific(who), text=sentence.strip(), item_number=number
                )
            )
    return out


_DEFERRED = re.compile(r"\bdefer(?:red|ral)\b", re.I)
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


def _items(lines: list[Line]) -> tuple[list[Line], list[ParsedMinutesItem]]:
    """Lines before the first minute, and the minutes with their lines' resolutions."""
    preamble: list[Line] = []
    groups: list[tuple[str | None, str, int, list[Line]]] = []
    last: str | None = None
    for line in lines:
        heading = _heading(line.text, last)
        if heading is not None:
            last = heading[0]
            groups.append((heading[0], heading[1], line.page, []))
            continue
        if not groups:
            preamble.append(line)
            continue
        number, title, page, body = groups[-1]
        if not body and (not title or _title_goes_on(title, line.text)):
            groups[-1] = (number, f"{title} {line.text}".strip(), page, body)
            continue
        body.append(line)
    items = []
    for position, (number, title, page, body) in enumerate(groups):
        title = _TITLE_NOISE.sub("", title).strip()
        agenda_number = None
        reference = _AGENDA_REF.search(title)
        if reference:
            agenda_number, title = reference.group(1), title[: reference.start()].strip()
        resolutions = find_resolutions(body)
        text = "\n".join(line.text for line in body)
        deferral = _deferral(text, body) if not resolutions else None
        if deferral is not None:
            resolutions = [deferral]
        items.append(
            ParsedMinutesItem(
                number=number,
                title=title.strip(" -–:"),
                position=position,
                text=text,
                resolutions=resolutions,
                deferred=any(r.kind == "deferred" or _DEFERRED.search(r.text) for r in resolutions),
                page=page,
                agenda_number=agenda_number,
            )
        )
    return preamble, items


def _title_goes_on(title: str, text: str) -> bool:
    """An upper-case title wraps onto upper-case lines; any title after "and", "of", "-"."""
    if len(title) > 300 or _label(text) or find_resolutions([Line(text, 0)]):
        return False
    bare = _AGENDA_REF.sub("", text)  # "JUDGEMENT (Agenda item 4)" ends an upper-case title
    if not bare:
        return True  # "(Agenda item 6)" on its own line
    if title.isupper() and bare.isupper() and re.search(r"[A-Z]{2}", bare):
        return True
    return bool(re.search(r"(?i)(?:\b(?:and|of|the|for|to|on|in|with)|[-–&,/])$", title[-8:]))


def parse_minutes(pages: list[str]) -> ParsedMinutes:
    """Read minutes (or printed decisions) into their meeting, attendance and items."""
    heading = read_heading(pages, minutes_first=True)
    first_lines = [clean(line) for line in (pages[0].splitlines() if pages else [])]
    tops = frozenset(line for line in first_lines[:6] if line and _heading(line, None) is None)
    lines = page_lines(pages, headers=tops)
    preamble, items = _items(lines)
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
    minutes.attendance = _attendance(lines)
    minutes.declarations = _declarations(items)
    minutes.items = items
    return minutes
