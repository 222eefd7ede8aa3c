"""What a document is, and which meeting it belongs to, from its text.

Every kind collects evidence from what a reader looks at first: headings on
the first page (or the first pages after a cover), labels ("To:", "From:",
"Subject:", "Decision No:" on a report), structure (numbered items under
"AGENDA"; a "Present:" list; a covering letter with an "Agenda Item No"
list) and the title the document was published under. The kind with the
most weight wins; no single phrase decides alone. Some near misses are
told apart on purpose:

- a *proposed* record of decision ("Proposed Record of Decision",
  "Decision to be taken by") is a proposal published with its report: an
  appendix, not decisions; so is an equality impact assessment;
- budget amendment forms and "Question N ... Answer" records are other;
- a covering letter enclosing papers "unavailable when the agenda was
  published" is a supplement, whatever its enclosure is;
- a ModernGov meeting page (navigation, "Agenda, decisions and minutes")
  is not an agenda.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime

from indexer.parse.agenda import parse_agenda
from indexer.parse.filename import meeting_file
from indexer.parse.heading import read_heading
from indexer.parse.pack import APPENDIX_HEADING, first_stamped, item_stamp, split_pack
from indexer.parse.text import clean, is_blank
from indexer.parse.titles import title_kind

_HEAD = 30
_MINUTES = re.compile(
    r"^(?:draft\s+|confirmed\s+|signed\s+|printed\s+)?minutes\b(?!\s+of\s+the\s+previous)", re.I
)
_MINUTES_OF_MEETING = re.compile(r"\bminutes\s+of\s+(?:an?|the)\b.*\b(?:held|meeting)\b", re.I)
_MINUTES_EXTRACT = re.compile(
    r"(?i)\bminutes?\s+(?:extract|excerpt|except)|\b(?:extract|excerpt)\s+(?:from|of)\s+(?:the\s+)?minutes"
)
_PRESENT = re.compile(
    r"(?i)^(?:members\s+|councillors\s+)?present\s*:|^(?:members|councillors)\s+(?:in\s+attendance|attending)\s*:"
)
_DECISIONS = re.compile(
    r"\b(?:decision\s+notice|record\s+of\s+(?:executive\s+|cabinet\s+|officer\s+|key\s+)?decisions?|"
    r"decisions?\s+(?:list|sheet|of\s+the)|notice\s+of\s+decisions?|printed\s+decisions|"
    r"key\s+decisions?\s+taken|schedule\s+of\s+decisions|^decision\s+details$)\b",
    re.I,
)
# A proposal's own heading ("Proposed Record of Decision"), not a "Proposed decision:" label.
_PROPOSED = re.compile(r"(?i)\b(?:proposed|draft)\s+(?:record\s+of\s+)?decisions?\b(?!\s*[:?])")
# A printed decisions list's own title line ("Decisions", "Decisions of the Executive")
# and the label over each decision's text.
_DECISIONS_TITLE = re.compile(r"(?i)^(?:printed\s+)?decisions(?:\s+(?:of|taken\s+by)\s+.{2,80})?$")
_DECISION_LABEL = re.compile(r"(?i)^decisions?(?:\s+(?:taken|made))?\s*:")
_TO_BE_TAKEN = re.compile(r"(?i)^decision\s+to\s+be\s+(?:taken|made)\s+by\b")
# An equality impact assessment's own heading, not an "EqIA: attached" label.
_EQIA = re.compile(
    r"(?i)^(?:(?:appendix|annex)\s+\w{1,4}\s*[-–:.]?\s*)?(?:"
    r"equalit(?:y|ies)(?:\s+and\s+\w+)?\s+(?:impact\s+)?(?:assessment|analysis)|eq\s?ia|"
    r"equality\s+impact)\b(?!\s*[:?(])"
)
_EQIA_TITLE = re.compile(r"(?i)\beq\s?ia\b|\bequalit(?:y|ies)\s+impact\b|\bequality\s+analysis\b")
_FORWARD_PLAN = re.compile(r"\b(?:forward\s+plan|notice\s+of\s+key\s+decisions)\b", re.I)
_WORK_PROGRAMME = re.compile(r"\b(?:work\s*programme|work\s+plan)\b", re.I)
_SUPPLEMENT = re.compile(
    r"\b(?:supplement(?:ary)?|late\s+material|addendum|additional\s+information)\b", re.I
)
# A covering letter that sends papers on after the agenda went out.
_ENCLOSED_LATE = re.compile(
    r"(?i)\b(?:not|un)\s*available\s+(?:when|at\s+the\s+time)[^.]{0,60}?"
    r"\b(?:agenda|publi|despatch|dispatch|circulat|sent|issued)|"
    r"\bto\s+follow\b.{0,40}\benclos|\b(?:now\s+)?able\s+to\s+enclose\b|"
    r"\bsupplementary\s+(?:papers?|information|agenda)\b"
)
_ENCLOSE = re.compile(
    r"(?i)\b(?:please\s+find\s+)?enclosed\b|\benclose\b|\battached\s+(?:are|is)\b"
)
_LETTER = re.compile(r"(?i)^(?:dear\s+\w+|yours\s+(?:sincerely|faithfully))")
_ITEM_LIST = re.compile(r"(?i)^agenda\s+item\s+(?:no\.?|number)\b")
_REPORT = re.compile(
    r"\b(?:report\s+(?:of|by|to|from|author|title)|purpose\s+of\s+(?:the\s+)?report|"
    r"recommendations?|executive\s+summary|background\s+papers)\b",
    re.I,
)
# A report's cover labels: each one is evidence.
_REPORT_LABELS = re.compile(
    r"(?i)^(?:to|from|by|subject|classification|status|decision\s+(?:no|number|ref(?:erence)?)\.?|"
    r"key\s+decision|summary|recommendations?|recommendation\(s\)|report\s+(?:of|by|to|from|author)|"
    r"meeting|date\s+of\s+meeting|report\s+title|wards?\s+affected|electoral\s+divisions?|"
    r"portfolio(?:\s+holder)?|lead\s+(?:officer|member)|cabinet\s+member|past\s+pathway[^:]{0,20}|"
    r"future\s+pathway[^:]{0,20}|previous\s+pathway|purpose\s+of\s+(?:the\s+)?report|"
    r"exempt\s+information|report\s+author|contact\s+officer)\s*:"
)
_AGENDA_HEADING = re.compile(
    r"(?i)^(?:(?:public\s+|supplementary\s+)?agenda(?:\s+(?:for|and)\b.*)?|summons\b.*|notice\s+of\s+(?:the\s+)?meeting\b.*)$"
)
_AGENDA_WORDS = re.compile(
    r"\b(?:will\s+be\s+held|notice\s+of\s+(?:the\s+)?meeting|summons|you\s+are\s+"
    r"(?:hereby\s+)?(?:summoned|invited|requested)|membership|quorum)\b",
    re.I,
)
# An agenda's contents table header: "Item Subject Page", "Item No. Title Pages".
_CONTENTS_HEAD = re.compile(
    r"(?i)^(?:agenda\s+)?(?:item|no\.?)(?:\s+no\.?)?\s+(?:subject|title|business|description)"
    r"(?:\s+(?:page|pages|page\s+nos?\.?|lead\s+(?:member|officer)|wards?|report\s+of)){0,3}$"
)
# The business every agenda opens with, as numbered lines ("1. Apologies for Absence",
# "2 Declarations of Interest"): two of them make a list of items an agenda's.
_OPENING_ITEM = re.compile(
    r"(?i)^(?:item\s+)?\d{1,3}[.):]?\s+(?:apologies\b|declarations?\s+of\s+(?:\w+\s+)?interests?\b|"
    r"disclosures?\s+of\s+interests?\b|minutes\s+of\s+the\s+(?:last|previous)\b|"
    r"minutes\s+of\s+the\s+meeting\s+held\b|substitut\w+\b|urgent\s+business\b)"
)
_AMENDMENT_FORM = re.compile(r"(?i)^(?:budget\s+|motion\s+)?amendment\s+form\b")
_PROPOSER = re.compile(r"(?i)^(?:proposer|seconder|proposed\s+by|seconded\s+by)\s*:")
_QUESTION = re.compile(r"(?i)^question\s+\d{1,3}\b|^questions?\s+(?:put\s+)?by\s+.{2,80}\bto\b")
_ANSWER = re.compile(r"(?i)^(?:answer|reply|response)\s*:?$")
_CALL_IN = re.compile(r"(?i)^(?:call[- ]in\s+(?:request|notice|form)|request\s+to\s+call[- ]in)\b")
_MEETING_PAGE = re.compile(
    r"(?i)^(?:agenda,\s+decisions\s+and\s+minutes|skip\s+to\s+main\s+content|attendance\s+details|"
    r"you\s+can\s+view\s+the\s+individual\s+reports\s+for\s+this\s+meeting\b.*|"
    r"committee\s+details|meetings?|calendar)$"
)
# Weakest first: on a tie the later kind wins.
_ORDER = (
    "other",
    "report",
    "appendix",
    "agenda",
    "agenda_pack",
    "supplement",
    "minutes",
    "decisions",
    "work_programme",
    "forward_plan",
)


def _lines(page: str) -> list[str]:
    """A page's first non-empty lines, cleaned (no more is read)."""
    lines: list[str] = []
    for raw in page.splitlines():
        line = clean(raw)
        if line:
            lines.append(line)
            if len(lines) >= 2 * _HEAD:
                break
    return lines


def _head(pages: list[str]) -> list[str]:
    return _lines(pages[0])[:_HEAD] if pages else []


def _spaced(line: str) -> str:
    """ "A G E N D A" -> "AGENDA": letter-spaced headings read as words."""
    if re.fullmatch(r"(?:\w ){2,20}\w", line):
        return line.replace(" ", "")
    return line


def _lead(pages: list[str]) -> list[str]:
    """The first lines a reader sees past a cover: the first page, and where it is a
    short cover or blank, the next non-blank page too."""
    lines: list[str] = []
    for page in pages[:4]:
        found = _lines(page)
        if not found or is_blank("\n".join(found)):
            continue
        lines.extend(found[:_HEAD])
        if len(found) > 12:
            break
    return [_spaced(line) for line in lines]


def _from_title(title: str | None) -> str | None:
    if not title:
        return None
    named = meeting_file(title)
    if named is not None and named.kind:
        return named.kind
    return title_kind(title)


def _evidence(pages: list[str], title: str | None) -> Counter[str]:
    score: Counter[str] = Counter()
    head = _head(pages)
    lead = _lead(pages)
    top = head[:8]
    text = " ".join(head)
    # Title: what the council published it as.
    titled = _from_title(title)
    if titled:
        score[titled] += 2
    named = meeting_file(title)
    if named is not None and named.kind is None:
        score["supplement"] += 1  # a meeting-level file with its own title: a supplement pack
    if title and _EQIA_TITLE.search(title):
        score["appendix"] += 3
    if title and re.search(r"(?i)\bquestions?\b.{0,30}\banswers?\b|\bamendments?\b", title):
        score["other"] += 1
    # Minutes.
    if any(
        (_MINUTES.match(line) or _MINUTES_OF_MEETING.search(line))
        and not re.match(r"^\d{1,3}[.)]?\s", line)  # an agenda's "3. Minutes of ..." item
        for line in top
    ):
        score["minutes"] += 2
    if any(_PRESENT.match(line) for line in head):
        score["minutes"] += 3  # an attendance list: agendas have none
    if any(_MINUTES_EXTRACT.search(line) for line in top):
        score["minutes"] -= 2
        score["appendix"] += 2
    # Decisions, and proposals that only look like them.
    proposed = any(_PROPOSED.search(line) for line in top)
    if proposed:
        score["appendix"] += 5
    elif any(_DECISIONS.search(line) for line in top):
        score["decisions"] += 4
    elif any(_DECISIONS_TITLE.match(line) for line in top) and (
        sum(bool(_DECISION_LABEL.match(line)) for line in head) >= 1
    ):
        score["decisions"] += 4  # "Executive" / "Decisions" over "71. ..." / "Decision:"
    if any(_TO_BE_TAKEN.match(line) for line in top):
        score["appendix"] += 2  # not decided yet
    if any(_EQIA.match(line) for line in head[:5]):
        score["appendix"] += 5
    if any(_CALL_IN.match(line) for line in head[:3]):
        score["appendix"] += 3
    if any(_FORWARD_PLAN.search(line) for line in top[:4]):
        score["forward_plan"] += 5
    if any(_WORK_PROGRAMME.search(line) for line in top[:4]) and not _AGENDA_WORDS.search(text):
        score["work_programme"] += 5
    if head and APPENDIX_HEADING.match(head[0]):
        score["appendix"] += 4
    elif head and re.search(r"(?i)\b(?:appendix|annex)\s+[A-Z0-9]{1,4}\b", head[0]):
        score["appendix"] += 2
    # Forms and question records.
    if any(_AMENDMENT_FORM.match(line) for line in head):
        score["other"] += 5
    elif sum(bool(_PROPOSER.match(line)) for line in head) >= 1 and re.search(
        r"(?i)\bamendment\b", " ".join(head[:4])
    ):
        score["other"] += 3
    questions = sum(bool(_QUESTION.match(line)) for line in head)
    if questions and any(_ANSWER.match(line) for line in head):
        score["other"] += 5
    # A covering letter sending papers on.
    letter = any(_LETTER.match(line) for line in head)
    if any(_ENCLOSED_LATE.search(line) for line in head):
        score["supplement"] += 5
    elif letter and any(_ENCLOSE.search(line) for line in head):
        score["supplement"] += 3
    if letter and any(_ITEM_LIST.match(line) for line in head):
        score["supplement"] += 3
    if any(_SUPPLEMENT.search(line) for line in top[:3]):
        score["supplement"] += 2
    # A report's cover labels.
    labels = {
        re.sub(r"\W+", " ", line.split(":", 1)[0].lower()).strip()
        for line in head
        if _REPORT_LABELS.match(line)
    }
    score["report"] += min(len(labels), 5)
    if _REPORT.search(text):
        score["report"] += 1
    # A meeting page is not an agenda.
    if sum(bool(_MEETING_PAGE.match(line)) for line in head) >= 2:
        score["other"] += 8
    # An agenda: its heading, its wording, its numbered items.
    if any(_AGENDA_HEADING.match(line) for line in lead):
        score["agenda"] += 3
    if _AGENDA_WORDS.search(" ".join(lead)):
        score["agenda"] += 1
    if any(_CONTENTS_HEAD.match(line) for line in lead):
        score["agenda"] += 3
    if score["minutes"] <= 0 and sum(bool(_OPENING_ITEM.match(line)) for line in lead) >= 2:
        score["agenda"] += 1
    return score


def classify_document(pages: list[str], title: str | None = None) -> str:
    """A documents.kind value for this text ("other" when nothing says)."""
    if not any(_lines(page) for page in pages[:4]):
        return _from_title(title) or "other"
    score = _evidence(pages, title)
    titled = _from_title(title)
    if score["agenda"] > 0 or titled in ("agenda", "agenda_pack"):
        agenda = parse_agenda(pages[:4])
        if len(agenda.items) >= 2:
            score["agenda"] += 2
            if score["agenda"] >= 3 or titled in ("agenda", "agenda_pack"):
                parts = split_pack(pages, agenda)
                if len(parts) > 1 or titled == "agenda_pack":
                    score["agenda_pack"] += score["agenda"] + 1
    best = max(_ORDER, key=lambda kind: (score[kind], _ORDER.index(kind)))
    kind = best if score[best] > 0 else "other"
    if kind in ("report", "other"):
        # Papers stamped "Agenda Item N" after a first sheet: a pack when that
        # sheet is an agenda with page ranges, else a supplement's letter.
        if _reads_as_pack(pages):
            return "agenda_pack"
        if _reads_as_supplement(pages):
            return "supplement"
    return kind


_PACK_PAGES = 4


def _reads_as_pack(pages: list[str]) -> bool:
    """A reports pack taken for a report: an agenda of items with page ranges
    on its first pages, then parts stamped or ranged for two items or more."""
    if len(pages) < _PACK_PAGES:
        return False
    agenda = parse_agenda(pages)
    if len(agenda.items) < 2 or not any(i.page_start for i in agenda.items):
        return False
    filed = {p.item_number for p in split_pack(pages, agenda) if p.item_number}
    return len(filed) >= 2


_LETTER_PAGES = 4  # a covering letter (and its blank back) is no longer


def _reads_as_supplement(pages: list[str]) -> bool:
    """A covering sheet, then papers stamped "Agenda Item N" (the first page
    itself unstamped: a report taken out of a pack is stamped on its first)."""
    stamped = first_stamped(pages)
    return stamped is not None and stamped <= _LETTER_PAGES and item_stamp(pages[0]) is None


def detect_meeting(
    pages: list[str], title: str | None = None, *, kind: str | None = None
) -> tuple[str | None, date | datetime | None]:
    """The committee and meeting date (a datetime when a time is printed).

    The text decides; a ModernGov file name ("Agenda frontsheet 13th-Mar-2025
    15.00 Cabinet.pdf") fills in what the text does not print. `kind` is the
    document's kind where already known (else it is classified here)."""
    kind = kind or classify_document(pages, title)
    heading = read_heading(pages, minutes_first=kind in ("minutes", "decisions"))
    committee, when = heading.committee, heading.when
    named = meeting_file(title)
    if named is not None:
        if when is None:
            when = named.when
        elif (
            isinstance(when, date)
            and not isinstance(when, datetime)
            and named.at
            and (when == named.day)
        ):
            when = named.when  # the time the name gives, where the text gave only the date
        day = when.date() if isinstance(when, datetime) else when
        if committee is None and named.committee and day == named.day:
            committee = named.committee
    return committee, when
