"""Who attended a meeting, who sent apologies and who chaired, from its minutes.

Two ways of writing it are read:

- labelled lists that may wrap over lines: "Present:", "Members present",
  "Also present (virtually):", "In attendance:", "Officers:", "Apologies:",
  "Absent:"; a role in brackets after a name ("(Chair)", "(Vice-Chairman)",
  "(Leader, in the Chair)") is read, and names listed after a finished list
  with their job in brackets are the officers who attended;
- sentences: "Apologies for absence were received from ...", "The Clerk
  reported apologies from ...", "Councillor A had sent her apologies",
  "Councillor B in the Chair", "... be elected to chair the meeting".

A name keeps its title and initials as printed ("Mr B J Sweetland", "S. R.
Colella"); "Councillor" is dropped, and so are honours after a name ("OBE",
", MBE", "JP") and section markers run into it ("PART ONE"). Anything that
does not look like a person's name is left out: a missing name misleads less
than a wrong one. Every pattern works on one line or a bounded window.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from indexer.parse.text import Line, strip_honorific
from indexer.parse.types import ParsedAttendance

_OPT_BRACKET = r"(?:\s*\((?:virtually|remotely|online|in\s+person|via\s+[\w\s]{1,20})\))?"
_LABELS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.I), role)
    for pattern, role in (
        (
            r"^(?:(?:members|councillors)(?:\s+of\s+the\s+[\w-]+(?:\s+[\w-]+)?)?\s+)?"
            rf"present(?:\s+(?:virtually|remotely|in\s+person))?{_OPT_BRACKET}\s*(?:[:–-]|$)",
            "member",
        ),
        (
            # "Members in attendance:", "Councillors attending:" (a bare "In attendance:"
            # lists officers and guests).
            r"^(?:members|councillors)(?:\s+of\s+the\s+[\w-]+(?:\s+[\w-]+)?)?\s+"
            rf"(?:in\s+attendance|attending){_OPT_BRACKET}\s*(?:[:–-]|$)",
            "member",
        ),
        (
            r"^(?:also\s+present|also\s+in\s+attendance|in\s+attendance|also\s+attending)"
            rf"(?:\s+(?:virtually|remotely|in\s+person))?{_OPT_BRACKET}\s*(?:[:–-]|$)",
            "also_present",
        ),
        (
            r"^officers?(?:\s+(?:present|in\s+attendance|attending))?"
            rf"{_OPT_BRACKET}\s*(?:[:–-]|$)",
            "officer",
        ),
        (
            r"^apologies(?:\s+for\s+(?:absence|non-attendance))?\s*(?:[:–-]|$)|"
            r"^apologies(?:\s+for\s+absence)?(?=\s+(?:from\s+)?(?:councillors?|cllrs?\.?|mr|mrs|"
            r"ms|miss|dr)\s)",
            "apologies",
        ),
        (r"^absent(?:\s+without\s+apolog(?:y|ies))?\s*(?:[:–-]|$)", "absent"),
        (r"^(?:chair(?:man|person)?|conven[eo]r|in\s+the\s+chair)\s*[:–-]", "chair"),
        (r"^vice[-\s](?:chair(?:man|person)?|conven[eo]r)\s*[:–-]", "vice_chair"),
    )
)
# Sentences giving apologies, the names after them: "Apologies for absence were
# (also) received from", "The Clerk reported apologies from". Not "for lateness".
_APOLOGIES_FROM = re.compile(
    r"\bapologies(?:\s+for\s+(?:absence|non-attendance))?\s+(?:were|was|had\s+been|have\s+been|"
    r"are)\s+(?:also\s+)?(?:received|submitted|given|tendered|made|noted|reported|"
    r"recorded|offered)(?:\s+(?:from|by|on\s+behalf\s+of|for)\s+|\s*:\s*)|"
    r"\b(?:reported|received|noted|announced|gave|tendered|submitted|presented|conveyed)\s+"
    r"(?:the\s+)?(?:formal\s+)?apologies(?:\s+for\s+(?:absence|non-attendance))?\s+"
    r"(?:of|from|on\s+behalf\s+of)\s+",
    re.I,
)
# "Ms A had given her formal apologies", "Councillors B and C sent apologies".
_SENT_APOLOGIES = re.compile(
    r"^(?P<who>[^.;:()]{2,90}?)\s+(?:had\s+|has\s+|have\s+)?(?:also\s+)?"
    r"(?:given|sent|tendered|submitted|offered|gave|sends?)\s+(?:(?:his|her|their)\s+)?"
    r"(?:formal\s+)?apologies\b(?!\s+for\s+lateness)",
    re.I,
)
_IN_THE_CHAIR = re.compile(r"^\(?\s*(?P<who>[^()]{2,70}?)\s+in\s+the\s+chair\s*\)?\.?$", re.I)
_ELECTED_CHAIR = re.compile(
    r"\bbe\s+(?:duly\s+)?(?:elected|appointed)\s+(?:to\s+(?:take\s+the\s+)?chair|"
    r"(?:as\s+)?chair(?:man|person)?\s+(?:of|for))\s+(?:the|this)\s+meeting\b",
    re.I,
)
# Lines that end a list: "UNRESTRICTED ITEMS", "PART 1 - ITEMS CONSIDERED IN PUBLIC".
SECTION_MARKER = re.compile(
    r"^(?:part\s+(?:one|two|three|[1-4]|i{1,3}|iv|[ab])\b|(?:un)?restricted\s+(?:items?|business)\b|"
    r"(?:open|public|exempt|confidential|private|closed)\s+(?:items?|session|business|part)\b|"
    r"items?\s+considered\s+in\s+(?:public|private)\b)",
    re.I,
)
# The same run into a name: "John Francis PART ONE".
_MARKER_IN_NAME = re.compile(
    r"\s+(?:PART\s+(?:ONE|TWO|THREE|[1-4]|I{1,3}|IV|[AB])\b|(?:UN)?RESTRICTED\s+(?:ITEMS?|BUSINESS)\b|"
    r"(?:OPEN|PUBLIC|EXEMPT|CONFIDENTIAL|PRIVATE|CLOSED)\s+(?:ITEMS?|SESSION|BUSINESS)\b).*$"
)
# Honours and letters after a name (upper case, as printed: "Ms" is a title, "MS" is not).
_HONOUR = (
    r"(?:OBE|MBE|CBE|KBE|DBE|GBE|BEM|QPM|KPM|JP|DL|MP|MEP|MSP|MS|AM|QC|KC|RD|TD|VC|GC|"
    r"FRSA|FCA|CEng|PhD|FRCS|FRCP|KCB|CB|CVO|LVO|MVO)"
)
_HONOURS_AFTER = re.compile(rf"(?:,?\s+{_HONOUR}\.?)+$")
_ONLY_HONOURS = re.compile(rf"^(?:{_HONOUR}\.?\s*)+$")
TITLE = re.compile(
    r"^(?:councillors?|cllrs?\.?|mr|mrs|ms|miss|mx|dr|professor|prof\.?|sir|dame|lord|lady|"
    r"rev(?:erend|d)?\.?|alderman|the\s+rt\.?\s+hon\.?)\b\.?",
    re.I,
)
# Words that are never part of a person's name in a list: roles, bodies,
# sentence words. ("Sue Chandler, Cabinet Member for ..." gives Sue Chandler only.)
_NOT_NAME_TEXT = """
    a absent adviser advisor agenda all also an and announcements any apologies apology are
    arrived as assistant at attendance attended attending authority be been being board
    borough business by cabinet chair chairman chairs chief city clerk co-opted committee
    committees coopted corporate council councils county declarations declared democracy
    democratic department deputy director directorate directors district election executive
    exempt finance for from given governance group groups had has have he head her his
    holder in interest interests is it item items late lead leader left legal manager
    managers mayor meeting meetings member members minute minutes monitoring n/a nil no none
    not noted observer observers of officer officers on online open or panel parish part
    planning police policy portfolio present press public received remotely report reported
    reports representative resolved restricted scrutiny secretary sent service services
    session she solicitor strategy substitute substituted substitutes substituting team
    tendered that the their they this to town trust union unrestricted vice virtually was
    were which who with
"""
_NOT_NAME_WORDS = frozenset(_NOT_NAME_TEXT.split())
_PARTICLE_TEXT = "al bin da de del della den der di du el ibn la le st van von"
_PARTICLES = frozenset(_PARTICLE_TEXT.split())
_SEPARATOR = re.compile(r"[(),;]|\s+(?:and|&)\s+|\.\s+")
_INITIAL_OR_TITLE = re.compile(
    r"(?:^|[\s.])(?:[A-Z]|mr|mrs|ms|dr|cllr|st|prof|rev|revd|rt|hon|no|jr|sr)$", re.I
)


# A Welsh council's bilingual label: "YN BRESENNOL / PRESENT:", the English after the stroke.
_WELSH_FIRST = re.compile(r"^[^\W\d_][^/:()\d]{1,40}?\s*/\s*(?=[^\W\d_])")


def _label(text: str) -> tuple[str, str] | None:
    for candidate in (text, _WELSH_FIRST.sub("", text, count=1)):
        for pattern, role in _LABELS:
            found = pattern.match(candidate)
            if found:
                return role, candidate[found.end() :].strip(" :–-")
        if not _WELSH_FIRST.match(text):
            break
    return None


def is_label(text: str) -> bool:
    return _label(text) is not None


def is_list_label(text: str) -> bool:
    """A label with its list after it ("Present: ...", "Apologies:"), not a
    heading that happens to be a label's word ("Apologies for Absence")."""
    found = _label(text)
    return found is not None and (bool(found[1]) or text.rstrip().endswith(":"))


def _sentence_stop(text: str, before: str) -> bool:
    """A full stop that ends a sentence, not one after an initial or "Mr."."""
    return not _INITIAL_OR_TITLE.search(before[-8:])


def _pieces(text: str) -> list[str]:
    """A name list cut at commas, semicolons, "and", "&" and full stops outside
    brackets (not the stop after an initial: "S. R. Colella" is one name)."""
    pieces: list[str] = []
    depth, current, position = 0, "", 0
    for found in _SEPARATOR.finditer(text):
        current += text[position : found.start()]
        token = found.group()
        position = found.end()
        if token == "(":
            depth += 1
            current += token
        elif token == ")":
            depth = max(0, depth - 1)
            current += token
        elif depth or (token.startswith(".") and not _sentence_stop(token, current)):
            current += token
        else:
            pieces.append(current)
            current = ""
    pieces.append(current + text[position:])
    return pieces


def clean_name(piece: str) -> str | None:
    """One list entry as a name ("Councillor Ann Lee OBE" -> "Ann Lee"), or None."""
    if len(piece) > 200:
        return None  # no name is that long
    name = re.sub(r"\([^)]*\)?|^[^(]*\)", " ", piece)
    name = re.split(r"\s+[-–—]\s+", name, maxsplit=1)[0]  # "Ann Lee - Head of Planning"
    name = re.sub(r"\s+", " ", name).strip(" .:-–,")
    name = _MARKER_IN_NAME.sub("", name)
    name = re.sub(r"(?i)\s+in\s+the\s+chair$", "", name)
    name = _HONOURS_AFTER.sub("", name).strip(" .,")
    name = re.sub(r"(?i)^(?:councillors?|cllrs?|members?)\s*:\s*", "", name)  # "Councillors: A"
    name = re.sub(r"^(?:and\s+)?from\s+", "", name)  # "..., and from Mr Z"
    if not name or _ONLY_HONOURS.match(name) or ":" in name:
        return None
    name = strip_honorific(name)
    return name if valid_name(name) else None


def valid_name(name: str) -> bool:
    """A person's name as printed: 1-6 words, capitalised, no digits, no role or
    sentence words ("Cabinet Member", "who was substituted by ...")."""
    words = name.split()
    if not 1 <= len(words) <= 6 or not name[0].isupper() or re.search(r"\d|[@/\\|]", name):
        return False
    untitled = TITLE.sub("", name).split()
    if not untitled:
        return False
    if len(untitled) > 1 and all(w.isupper() and len(w) > 2 for w in untitled):
        return False  # "APOLOGIES FOR ABSENCE", not a name
    lowercase = 0
    for word in words:
        bare = word.strip(".,'’\"").lower()
        if bare in _NOT_NAME_WORDS and not re.fullmatch(r"[A-Z]\.?", word):
            return False
        if word[0].islower() and bare not in _PARTICLES:
            lowercase += 1
    return lowercase <= 1 and words[-1][0].isupper() or lowercase == 1 and len(words) >= 3


def names(text: str, role: str) -> list[ParsedAttendance]:
    """ "Councillor Ann Lee (Chair), Councillors A and B" -> people with roles."""
    out: list[ParsedAttendance] = []
    for piece in _pieces(text.strip().rstrip(".;")):
        if len(piece) > 200:
            continue  # no name is that long (and brackets in it cost time)
        person_role = role
        if role == "member":
            person_role = _role_in(piece) or role
        name = clean_name(piece)
        if name is None:
            # "The Mayor (Councillor Jo King)": the name in the brackets.
            inside = re.findall(r"\(([^)]*)\)", piece)
            outside = re.sub(r"\([^)]*\)?", " ", piece).strip(" .,")
            if len(inside) == 1 and TITLE.match(inside[0].strip()) and _ROLE_NAME.match(outside):
                name = clean_name(inside[0])
        if name:
            out.append(ParsedAttendance(person=name, role=person_role))
        elif (
            out
            and person_role != role
            and _ONLY_HONOURS.match(re.sub(r"\([^)]*\)?", " ", piece).strip(" .,"))
        ):
            out[-1].role = person_role  # "Mrs C Dean, MBE (Vice-Chairman)"
    return out


_ROLE_NAME = re.compile(
    r"^(?:the\s+)?(?:(?:deputy|vice)[-\s]?)?(?:mayor|chair(?:man|person)?|leader|lord\s+mayor|"
    r"provost|civic\s+mayor)(?:\s+of\s+[\w\s]{1,30})?(?:\s+in\s+the\s+chair)?$",
    re.I,
)


def _role_in(piece: str) -> str | None:
    """ "(Chair)", "(Vice-Chairman)", "(Leader, in the Chair)", "... in the Chair"."""
    for bracket in [*re.findall(r"\(([^)]*)\)?", piece), piece]:
        # A Scottish committee's Convener, a Welsh council's Presiding Member.
        if re.search(r"(?i)\b(?:vice|deputy)[-\s]?(?:chair|conven[eo]r|presiding)", bracket):
            return "vice_chair"
        if bracket is piece:
            if re.search(r"(?i)\bin\s+the\s+chair\b", piece):
                return "chair"
        elif re.search(
            r"(?i)\bchair|\bin\s+the\s+chair|\bconven[eo]r\b|\bpresiding\s+member\b", bracket
        ):
            return "chair"
    return None


def _names_line(text: str, first: bool = False, cut: bool = False) -> bool:
    """A wrapped line of a name list: every entry outside brackets a name (and,
    unless it is the `first` line under its label or ends a name `cut` at the
    line before, more than one name or a title, a bracket, a dash or a comma to
    say it is a list)."""
    if len(text) > 600:
        return False
    bare = re.sub(r"\([^)]*\)?|^[^(]*\)", " ", text).strip(" ,;.")
    bare = re.sub(r"(?:^(?:and|&)\s+|\s+(?:and|&)$)", "", bare)
    if not bare:
        # "(Head of Finance)" under its name; not "(Councillor A in the Chair)".
        return bool(text.strip()) and not _IN_THE_CHAIR.match(text)
    if SECTION_MARKER.match(bare) or is_label(bare):
        return False
    entries = [p.strip(" .") for p in _pieces(bare) if p.strip(" .")]
    listed = len(entries) > 1 or bool(TITLE.match(bare)) or "(" in text or ")" in text
    listed = listed or first or text.rstrip().endswith(",") or bool(re.search(r"\s[-–—]\s", text))
    listed = listed or (cut and len(bare.split()) <= 2)
    named = [bool(clean_name(e)) for e in entries]
    # "Dan Dale, Head of Environment": a name with what the person does.
    roles = all(ok or _role_phrase(e) for ok, e in zip(named, entries, strict=True))
    return bool(entries) and listed and (all(named) or (named[0] and roles))


_ROLE_TEXT = (
    "head officer manager director member cabinet clerk solicitor adviser advisor lead chief "
    "executive assistant services service portfolio holder representative secretary co-opted "
    "deputy corporate democratic governance monitoring"
)
_ROLE_WORDS = frozenset(_ROLE_TEXT.split())


def _role_phrase(text: str) -> bool:
    words = text.lower().split()
    return 0 < len(words) <= 10 and any(w.strip(".,") in _ROLE_WORDS for w in words)


def _open(previous: str) -> bool:
    return not previous or bool(re.search(r"(?:[,&(]|\band)$", previous.rstrip()))


def _joiner(previous: str, line: str) -> str:
    """How two lines of a name list join: a new entry, or one name wrapped."""
    if previous.endswith((")", ".")) or (
        TITLE.match(line) and not re.search(r"(?:,|\band|&)$", previous)
    ):
        return ", "
    # One entry a line: "Ann Lee - Head of Planning" / "Bob Grey - Solicitor".
    if re.search(r"\s[-–—]\s", previous) and re.search(r"\s[-–—]\s", line):
        return ", "
    # One name a line: "T Collins" / "U Dhillon" (a wrapped name leaves a word alone).
    if (
        _one_name(previous)
        and _one_name(line)
        and len(previous.split()) >= 2
        and len(line.split()) >= 2
        and re.search(r"[a-z]$", previous)
        and re.match(r"[A-Z]", line)
    ):
        return ", "
    # "Dan Dale, Head of Environment" / "Eve Elm, Committee Officer".
    last, first = previous.rsplit(",", 1)[-1], line.split(",", 1)[0]
    if "," in previous and _role_phrase(last) and clean_name(first) and "," in line:
        return ", "
    return " "


def _sentence_text(lines: list[Line], index: int, start: str, stops: set[int]) -> str:
    """From `start` (the rest of line `index`) to the end of its sentence, over
    at most six more lines."""
    text = start
    for following in range(index + 1, min(index + 7, len(lines))):
        if _ends_sentence(text) or following in stops:
            break
        line = lines[following].text
        if is_label(line) or SECTION_MARKER.match(line):
            break
        text = f"{text} {line}"
    end = _sentence_end(text)
    return text[:end] if end is not None else text


def _sentence_end(text: str) -> int | None:
    for found in re.finditer(r"[.](?=\s|$)", text[:1500]):
        if _sentence_stop(found.group(), text[: found.start()]):
            return found.start()
    return None


def _ends_sentence(text: str) -> bool:
    return _sentence_end(text) is not None


def _sentences_in(text: str) -> Iterable[str]:
    """A line's sentences (starts only where a stop ends a sentence)."""
    start = 0
    for found in re.finditer(r"[.!?]\s+(?=[A-Z(])", text[:1500]):
        if _sentence_stop(found.group(), text[start : found.start()]):
            yield text[start : found.start()]
            start = found.end()
    yield text[start:]


def _one_name(text: str) -> bool:
    """A line holding one entry: no comma, semicolon or "and" outside brackets."""
    bare = re.sub(r"\([^)]{0,80}\)?", " ", text)
    return not re.search(r"[,;&]|\band\b", bare) and len(bare.split()) <= 6


# Headings inside a present list: "Present" over "Councillors:" and "Co-opted Members:".
_MEMBER_SUB_LABEL = re.compile(
    r"(?i)^(?:councillors|cllrs\.?|members|(?:co-?opted|voting|non-voting|elected|independent|"
    r"added|statutory)\s+(?:co-?opted\s+)?members?)\s*:\s*(?P<rest>.*)$"
)


def read_attendance(
    lines: list[Line], stops: set[int], apologies_at: frozenset[int] = frozenset()
) -> list[ParsedAttendance]:
    """People in labelled lists and in sentences. `stops` are the lines that
    start a minute (or say which agenda item one is): no list runs into them.
    `apologies_at` are the first lines of minutes titled "Apologies ...": a bare
    list of names there is the apologies."""
    found: list[ParsedAttendance] = []
    block: tuple[str, list[str]] | None = None
    chair: str | None = None

    def flush() -> None:
        if block is not None:
            parts = block[1]
            text = "".join(
                (_joiner(parts[i - 1], part) if i else "") + part for i, part in enumerate(parts)
            )
            found.extend(names(text, block[0]))

    for index, line in enumerate(lines):
        text = line.text
        sub = _MEMBER_SUB_LABEL.match(text) if block is not None and block[0] == "member" else None
        if block is not None and sub is not None and index not in stops:
            # "Present" / "Councillors:" / names / "Co-opted Members:" / names: one list.
            if sub.group("rest"):
                block[1].append(sub.group("rest"))
            continue
        label = _label(text) if index not in stops else None
        if label is not None:
            flush()
            role, rest = label
            rest = re.sub(r"(?i)^from\s+", "", rest)
            block = (role, [rest] if rest else [])
            continue
        if index in apologies_at and _names_line(text):
            flush()
            block = ("apologies", [text])
            continue
        if block is not None:
            previous = block[1][-1] if block[1] else ""
            stop = (
                index in stops
                or SECTION_MARKER.match(text)
                or _APOLOGIES_FROM.search(text)
                or (block[0] == "apologies" and _ends_sentence(previous))
            )
            wraps = bool(previous) and _open(previous) and len(text) < 120
            # "Councillor Andrew" / "Kirk": a name cut at the line's end.
            cut = bool(previous) and not previous.rstrip().endswith((")", ".", ",", ";"))
            # A list printed one name a line: each line is as a list's first.
            single = bool(previous) and _one_name(previous) and all(map(_one_name, block[1]))
            if not stop and (_names_line(text, not previous or single, cut) or wraps):
                if (
                    previous.endswith(".")
                    and "(" in text
                    and block[0] not in ("officer", "apologies")
                ):
                    flush()
                    block = ("officer", [])
                block[1].append(text)
                continue
            flush()
            block = None
        if index in stops:
            continue
        found.extend(_sentence_people(lines, index, stops))
        in_chair = _IN_THE_CHAIR.match(text)
        if in_chair and chair is None:
            chair = clean_name(in_chair.group("who"))
    flush()
    if chair is None:
        chair = _elected_chair(lines)
    return _with_chair(_unique(found), chair)


def _sentence_people(lines: list[Line], index: int, stops: set[int]) -> list[ParsedAttendance]:
    """Apologies given in a sentence on this line."""
    text = lines[index].text
    out: list[ParsedAttendance] = []
    given = _APOLOGIES_FROM.search(text)
    if given is not None:
        listed = _sentence_text(lines, index, text[given.end() :], stops)
        out.extend(names(listed, "apologies"))
    for sentence in _sentences_in(text):
        sent = _SENT_APOLOGIES.match(sentence.strip())
        if sent is not None:
            out.extend(names(re.sub(r"^\W+", "", sent.group("who")), "apologies"))
    return out


def _elected_chair(lines: list[Line]) -> str | None:
    """The member elected to chair this meeting ("... that Mr A be elected to
    chair the meeting"), read from the words before "be elected"."""
    for index in range(min(len(lines), 400)):
        window = " ".join(x.text[:600] for x in lines[index : index + 2])
        found = _ELECTED_CHAIR.search(window)
        if found is None:
            continue
        before = window[max(0, found.start() - 60) : found.start()].split()
        words: list[str] = []
        for word in reversed(before):
            if not (word[:1].isupper() or word.lower() in _PARTICLES) or word.endswith(","):
                break
            words.insert(0, word)
        name = clean_name(" ".join(words[-5:]))
        if name:
            return name
    return None


def _surname_key(name: str) -> tuple[str, str]:
    words = name.split()
    title = words[0].lower().rstrip(".") if TITLE.match(words[0]) else ""
    return title, words[-1].lower()


def _with_chair(people: list[ParsedAttendance], chair: str | None) -> list[ParsedAttendance]:
    """The chair read from a sentence: the member of that name becomes the chair."""
    if chair is None or any(p.role == "chair" for p in people):
        return people
    members = [p for p in people if p.role == "member"]
    same = [p for p in members if p.person == chair]
    if not same:
        title, surname = _surname_key(chair)
        same = [
            p
            for p in members
            if _surname_key(p.person)[1] == surname
            and (not title or _surname_key(p.person)[0] in ("", title))
        ]
    if len(same) == 1:
        same[0].role = "chair"
    elif not members:
        people.append(ParsedAttendance(person=chair, role="chair"))
    return people


def _unique(found: list[ParsedAttendance]) -> list[ParsedAttendance]:
    unique: list[ParsedAttendance] = []
    seen: set[tuple[str, str]] = set()
    for person in found:
        key = (person.person, person.role)
        if key not in seen:
            seen.add(key)
            unique.append(person)
    return unique
