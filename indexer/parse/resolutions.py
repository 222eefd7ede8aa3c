"""Resolutions in minutes, printed decisions and ModernGov "Decision:" texts.

A resolution starts at its keyword ("RESOLVED – That ...", "RESOLVED:",
"Resolved that", "RECOMMENDED", "NOTED", "DEFERRED", "AGREED") or under a
"Decision:" label, and runs on while the sentence is open (a wrapped line,
"that:", "; and") or while clauses follow ("(a)", "b)", "1.", "(i)",
bullets) in sequence. Wrapped lines are joined with spaces; each clause
starts a new line of the text, so the text reads as printed. `fingerprint`
makes the same decision printed in the minutes and shown on the meeting page
one row.

What is not a resolution: a keyword inside a quoted motion or amendment, "it
be RESOLVED" in a proposal, "Agreed unanimously." with no decision text, a
"Decision: None", a proposed decision ("Cabinet is asked to:", a Proposed
Record of Decision). Where a minute prints no keyword at all, its decision
in prose is read instead: "The Cabinet agreed to ...", "The Panel noted the
report.", "That the report be noted.", "(1) That ...". Storing less is
better than storing something wrong: every rule errs towards no resolution.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.parse.text import Line, clean, is_bullet
from indexer.parse.types import ParsedResolution

# Upper-case keywords count anywhere in a line ("Therefore, it was RESOLVED
# that"); "Resolved" in other cases only at the start of a line, followed by
# what makes it a decision rather than prose.
_UPPER = re.compile(r"\b(RESOLVED|RECOMMENDED|AGREED|DECIDED)\b")
_START = re.compile(
    r"^(\(?\d{1,3}[.)]\s+)?(?:(It)\s+was\s+)?"
    r"(Resolved|Recommended|Agreed|Decided|resolved|agreed)\b\s*"
    r"(?=$|[:–—-]|that\b|to\b|unanimously\b|\()"
)
_STANDALONE = re.compile(r"^(NOTED|DEFERRED|Noted|Deferred)\b\s*[.:]?\s*(.*)$")
# Printed decisions: "DECISION:", "Decision(s) taken:", "Decision made" or
# "Decision" over the decision's text ("Decisions" alone is a page title); and
# the minutes that label theirs "Resolution:".
_DECISION = re.compile(
    r"^(?:DECISION|Decision)(?:\s*\([Ss]\))?(?:\s+(?:TAKEN|MADE|taken|made))?\s*(?::|$)"
    r"|^(?:DECISIONS|Decisions)(?:\s+(?:TAKEN|MADE|taken|made))?\s*:"
    # "Resolution: That ...", "RESOLUTIONS:" over numbered clauses.
    r"|^(?:RESOLUTIONS?|Resolutions?)\s*:"
)
KINDS = {
    "resolved": "resolved",
    "agreed": "resolved",
    "decided": "resolved",
    "recommended": "recommended",
    "noted": "noted",
    "deferred": "deferred",
}
# "(a)", "a)", "(iv)", "1.", "1)", "(1)", "A." at the start of a line.
_CLAUSE = re.compile(r"^(\(?)([a-z]{1,2}|[ivx]{1,5}|\d{1,2}|[A-Z]|[IVX]{1,5})([.)])\s+\S")
# A marker alone on its line ("1." above its clause, as list layouts print it).
_LONE_MARKER = re.compile(r"^\(?(?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2}|[A-Z]|[IVX]{1,5})[.)]$")
# What may stand before a keyword that starts its line: a paragraph number.
_LEAD = re.compile(r"^(?:\(?[0-9a-zA-Z]{1,4}[.)]|\d{1,4})?\s*$")
_IT_WAS = re.compile(
    r"^(?:\(?[0-9a-zA-Z]{1,4}[.)]\s*)?(?:(?:therefore|accordingly|thereupon|then|and)\W{1,3})?"
    r"it\s+was\s+(?:(?:then|therefore|unanimously|duly)\s+)?$",
    re.I,
)
_VOTE = re.compile(r"^(?:voting|vote|votes|for|against|abstentions?|abstained)\s*[:–-]", re.I)
_OPEN_END = re.compile(r"(?:[,;:–—-]|\b(?:and|or|that|to|the|of|be|a|an|in|on|by|with|for))$", re.I)
# "... that it be RESOLVED", "should be AGREED", "Cabinet is RECOMMENDED to" (a
# report's recommendation): the keyword is proposed, not recorded.
_NOT_YET = frozenset(
    {"be", "to", "is", "are", "shall", "should", "would", "will", "may", "might", "must"}
    | {"could", "can", "not", "being"}
)


def _not_yet(text: str) -> bool:
    """Does the text end on a word that makes a keyword after it a proposal?"""
    words = text[-40:].split()
    return bool(words) and words[-1].lower() in _NOT_YET


# A keyword with no decision after it: "Agreed unanimously." after a motion.
_NO_TEXT = re.compile(
    r"^(?:it\s+was\s+)?(?:resolved|agreed|decided|carried)"
    r"(?:\s+(?:unanimously|accordingly|nem\.?\s*con\.?|without\s+dissent))?\s*[.!:]?$",
    re.I,
)
# "Decision: There were none.", "Decision: None", "Decision: N/A".
_NONE = re.compile(
    r"^(?:there\s+(?:were|was|are|is)\s+(?:none|no\b.*)|(?:none|nil|n/?a)(?:\s+(?:were|was|taken|"
    r"made|recorded))?|no\s+(?:decisions?|resolutions?|items?)\b.*)$",
    re.I,
)
# A decision proposed, not taken: "Cabinet is asked to:", "Cabinet propose to:".
_PROPOSES = re.compile(
    r"\b(?:is|are|be|was|were)\s+(?:asked|invited|requested|recommended)\s+to\b"
    r"|\bpropos(?:e|es|ed)\s+to\b|\bto\s+be\s+taken\b",
    re.I,
)
# A Proposed Record of Decision (its first lines say so): nothing in it is decided.
_PROPOSAL_DOC = re.compile(
    r"\bPROPOSED\s+(?:RECORD\s+OF\s+)?DECISIONS?\b|\b[Pp]roposed\s+[Rr]ecord\s+[Oo]f\s+[Dd]ecision"
    r"|^(?:DECISION\s+TO\s+BE\s+TAKEN|Decision\s+to\s+be\s+taken)\b|^Proposed\s+decisions?\s*:"
)
_PROPOSAL_LINES = 12  # how far down the text that title may be
# Form sections after a decision notice's decision: they end it.
_SECTION = re.compile(
    r"^(?:reasons?(?:\s*\(s\))?\s+for\b|alternative\s+options?|options?\s+considered|"
    r"any\s+(?:interests?|conflicts?|dispensations?)\b|(?:financial|legal|equalit(?:y|ies)|"
    r"data\s+protection|risk|policy|staffing|environmental|resource)\s+implications|"
    r"cabinet\s+committee\s+recommendations|background\b|decision\s+(?:status|maker|taken\s+by|"
    r"no\b|number|date|type)|date\s+of\s+(?:decision|publication)|signed\b|wards?\s+affected|"
    r"call[-\s]?in\b|key\s+decision|subject\s+matter|title\s+of\s+decision|reference\s*:|"
    r"interests?\s+(?:and\s+nature|declared)|publication\s+date|effective\s+from|contacts?\s*:|"
    r"lead\s+officer|report\s+author|reasons?\s+for\s+urgency)",
    re.I,
)
# Where a minute prints no keyword: its decision in prose, at a paragraph's start.
_BODY = (
    r"(?:The\s+)?(?:Committee|Cabinet|Panel|Council|Board|Sub-?Committee|Executive|Forum|"
    r"Commission|Authority|Assembly)"
)
_SUBJECT = re.compile(
    rf"^{_BODY}\s+(?:(?:then|therefore|also|unanimously|formally)\s+)?"
    r"(?:agreed|resolved|decided)\s+(?:to\b|that\b|unanimously\b|:)"
)
_SUBJECT_NOT = re.compile(r"\bagreed\s+to\s+(?:the\s+)?(?:following\s+)?(?:amendment|motion)", re.I)
_RECOMMENDATIONS_AGREED = re.compile(
    r"^(?:The\s+|All\s+(?:the\s+)?)?[Rr]ecommendations?\b[^.;]{0,150}?\b(?:were|was)\s+"
    r"(?:(?:duly|unanimously|all)\s+)?(?:agreed|approved|endorsed|accepted|adopted|supported)\b"
)
_RECOMMENDATIONS = re.compile(r"\brecommendations?\b", re.I)
_NOTED = re.compile(rf"^{_BODY}\s+(?:(?:formally|unanimously)\s+)?noted\s+the\s")
# ... and only where the sentence is the noting itself, ending on what was noted.
_NOTED_OBJECTS = frozenset(
    {
        "report",
        "reports",
        "update",
        "updates",
        "minutes",
        "information",
        "presentation",
        "position",
        "progress",
        "plan",
        "programme",
        "strategy",
        "accounts",
        "statement",
        "review",
        "briefing",
        "item",
        "contents",
        "comments",
        "recommendations",
        "performance",
        "letter",
        "summary",
        "feedback",
        "outturn",
        "forecast",
        "register",
        "document",
        "documents",
        "proposals",
        "response",
        "responses",
        "petition",
    }
)
_THAT = re.compile(
    r"^(?:\(?(?:1|a|i|A)[.)]\s+)?(?:That|that)\s+(?:the|this|a|an|all|it|its|Council|"
    r"Cabinet|Committee|Members|officers|Officers)\b"
)
_PASSIVE = re.compile(
    r"(?<!would )(?<!should )(?<!could )(?<!might )(?<!will )(?<!may )(?<!must )(?<!can )"
    r"\bbe\s+(?:[a-z]{2,20}(?:ed|en)|made|set|put|held|kept|sent|sought|brought|sold|paid|"
    r"met|run|noted|approved|agreed)\b"
)
_MAX_LINES = 400  # no printed resolution is longer; stops a runaway on garbage
_MAX_QUOTE = 80  # a quotation left open longer than this is a stray mark
# Where a quotation left unclosed has surely ended: a vote or its outcome, or a
# new numbered paragraph after a finished sentence.
_QUOTE_ENDS = re.compile(
    r"^(?:(?:the\s+)?(?:substantive\s+)?(?:motion|amendment|recommendations?)\s+(?:was\s+)?"
    r"(?:carried|lost|agreed|fell|defeated|withdrawn)\b|(?:for|against|abstain\w*)\s*\(\d+\)|"
    r"\(?\d{1,3}[.)]\s)",
    re.I,
)


@dataclass
class _Found:
    """A resolution's start in a line: its kind, where it starts, how it was found."""

    kind: str
    at: int
    form: str  # "keyword", "label" ("Decision:"), or a prose form: "subject", "noted", "that"


def _quoted(text: str, inside: bool) -> bool:
    """Is a quotation open after this text (given whether one was open before it)?"""
    for mark in re.finditer(r"[“”\"]", text):
        char = mark.group()
        inside = True if char == "“" else False if char == "”" else not inside
    return inside


def line_start(lead: str) -> bool:
    """Is what stands before a keyword no sentence of its own ("3.", "It was")?"""
    return bool(_LEAD.match(lead) or _IT_WAS.match(lead[:80]))


def _upper_keyword(text: str, context: str, inside: bool) -> _Found | None:
    done = 0
    for found in _UPPER.finditer(text):
        inside = _quoted(text[done : found.start()], inside)
        done = found.start()
        if inside:
            continue  # in a quoted motion or amendment
        start = found.start()
        lead = text[max(0, start - 80) : start]  # (a line's start is at most 80 characters)
        if _not_yet(f"{context[-40:]} {lead}" if start <= 80 and line_start(lead) else lead):
            continue  # "that it be RESOLVED": proposed, not recorded
        return _Found(KINDS[found.group(1).lower()], found.start(), "keyword")
    return None


def _keyword(
    text: str, context: str = "", inside: bool = False, free: bool = True
) -> _Found | None:
    """Where a resolution starts in this line, if one does. `context` is the
    sentence so far before the line, `inside` whether a quotation is open,
    `free` whether no resolution is being read (so "3. Resolved that" is a
    numbered paragraph, not a clause "(3) agreed to ...")."""
    found = _START.match(text)
    upper_case = found and (found.group(3)[0].isupper() or found.group(2))
    numbered_ok = found and (free or not found.group(1))
    if found and upper_case and numbered_ok and not inside and not _not_yet(context):
        return _Found(KINDS[found.group(3).lower()], found.start(3), "keyword")
    found = _STANDALONE.match(text)
    if found and (not found.group(2) or found.group(1).isupper()) and not inside:
        return _Found(KINDS[found.group(1).lower()], 0, "keyword")
    upper = _upper_keyword(text, context, inside)
    if upper is not None:
        return upper
    if _DECISION.match(text) and not inside:
        return _Found("resolved", 0, "label")
    return None


def _prose(text: str) -> _Found | None:
    """A decision printed without a keyword, where a minute has none."""
    if _SUBJECT.match(text) or _RECOMMENDATIONS_AGREED.match(text):
        return _Found("resolved", 0, "subject")
    if _NOTED.match(text):
        return _Found("noted", 0, "noted")
    if _THAT.match(text):
        return _Found("resolved", 0, "that")
    return None


def no_decision(text: str) -> bool:
    """Does a decision text say there was none ("There were none.", "None", "N/A")?"""
    return bool(_NONE.match(" ".join(text.split()).rstrip(" .!")))


def _clause_style(marker: str, paren: str, close: str) -> str:
    if marker.isdigit():
        kind = "digit"
    elif re.fullmatch(r"[ivx]+", marker):
        kind = "roman"
    elif re.fullmatch(r"[IVX]+", marker) and len(marker) > 1:
        kind = "ROMAN"
    else:
        kind = "lower" if marker.islower() else "upper"
    return f"{paren}{kind}{close}"


def _bare(style: str) -> str:
    """A clause style without its brackets: "(lower)" -> "lower"."""
    return style.strip("().")


_ROMAN = {"i": 1, "v": 5, "x": 10}


def _value(marker: str, style: str) -> int:
    """The number a clause marker stands for: "3" 3, "c" 3, "iii" 3, "C" 3."""
    if marker.isdigit():
        return int(marker)
    if "roman" in style.lower():
        total, previous = 0, 0
        for char in reversed(marker.lower()):
            value = _ROMAN.get(char, 0)
            total, previous = (
                (total - value, previous) if value < previous else (total + value, value)
            )
        return total
    if len(marker) == 2:  # "aa" after "z"
        return 26 + ord(marker[1].lower()) - 96
    return ord(marker.lower()) - 96


def _is_open(text: str) -> bool:
    """Does the sentence carry on after this line?"""
    stripped = text.rstrip(" )\"'”’")
    # Only the end is searched: the text grows line by line.
    return not stripped or stripped[-1] not in ".!?" or bool(_OPEN_END.search(text[-12:]))


class _Builder:
    """Collects one resolution's lines into text and clauses."""

    def __init__(self, found: _Found, first: str, page: int | None) -> None:
        self.kind = found.kind
        self.form = found.form
        self.page = page
        self.head = first  # the keyword paragraph
        label = _DECISION.match(first) if found.form == "label" else None
        self.label = label.group() if label else ""
        self.clauses: list[str] = []
        self.top_style: str | None = None
        self.top_value = 0
        self.last_letter: str | None = None
        self.sub_values: dict[str, int] = {}  # sub-clause style -> its last number

    def clause(self, text: str, marker: str, paren: str, close: str, first: bool = False) -> bool:
        """Take a clause if it goes on the list; False if it cannot be one of it."""
        style = _clause_style(marker, paren, close)
        # "(i)" after "(h)" is a letter; after anything else it is a sub-clause.
        letter_next = {"i": "h", "v": "u", "x": "w"}
        lettered = self.top_style is not None and "lower" in self.top_style
        if "roman" in style and lettered and letter_next.get(marker) == self.last_letter:
            style = self.top_style or style
        value = _value(marker, style)
        if self.top_style is None:
            # The list's first clause: "1.", "(a)", "(i)", or any after "that:".
            if not first and not (value == 1 or self.head.rstrip().endswith(":")):
                return False
            if not first and not _is_open(self.head):
                return False
            self.top_style, self.top_value = style, value
        elif style == self.top_style or (
            _bare(style) == _bare(self.top_style) and value == self.top_value + 1
        ):  # ("b)" after "(a)": brackets printed unevenly)
            if value not in (self.top_value, self.top_value + 1):
                return False  # out of sequence: the minute's next paragraph
            self.top_value = value
            self.sub_values = {}
        else:
            last = self.sub_values.get(style)
            if (value != 1 and last is None) or (
                last is not None and value not in (last, last + 1)
            ):
                return False
            self.sub_values[style] = value
            self.clauses[-1] += "\n" + text
            return True
        self.clauses.append(text)
        self.last_letter = marker if len(marker) == 1 else self.last_letter
        return True

    def bullet(self, text: str) -> bool:
        if self.top_style is None:
            if not _is_open(self.head):
                return False
            self.top_style = "•"
        if self.top_style == "•":
            self.clauses.append(text)
        else:
            self.clauses[-1] += "\n" + text
        return True

    def add(self, text: str) -> None:
        if self.clauses:
            self.clauses[-1] += " " + text
        else:
            self.head = f"{self.head} {text}".strip()

    def last_text(self) -> str:
        return self.clauses[-1] if self.clauses else self.head

    def build(self) -> ParsedResolution:
        text = "\n".join([self.head, *self.clauses]).strip()
        if self.form == "label" and re.match(
            r"(?i)deferred\b", text[len(self.label) :].strip(" :–—-")
        ):
            self.kind = "deferred"  # "Decision: Deferred to the next meeting."
        return ParsedResolution(
            kind=self.kind, text=text, clauses=list(self.clauses), page=self.page
        )

    def keep(self) -> bool:
        """Is what was collected a decision?"""
        text = " ".join("\n".join([self.head, *self.clauses]).split())
        if self.form == "label":
            body = text[len(" ".join(self.label.split())) :].strip(" :–—-")
            none = _NONE.match(body.rstrip(" .!"))
            return bool(body) and not none and not _PROPOSES.search(body[:120])
        if self.form == "keyword":
            return bool(self.clauses) or not _NO_TEXT.match(text)
        if self.form == "subject":
            return not _SUBJECT_NOT.search(text[:200])
        if self.form == "noted":
            words = text.rstrip(" .").split()
            ends = text.endswith(".") and words[-1].lower() in _NOTED_OBJECTS
            return ends and len(words) <= 14 and not self.clauses
        return bool(_PASSIVE.search(text[:600]))  # "That the report be noted."


def _start_clause(builder: _Builder, text: str, bullet: bool, first: bool = False) -> bool | None:
    """True if the line is a clause taken, False if a clause refused, None if no clause."""
    found = _CLAUSE.match(text)
    if found:
        return builder.clause(clean(text), found.group(2), found.group(1), found.group(3), first)
    if bullet and clean(text):
        return builder.bullet(clean(text))
    return None


def _scan(lines: Sequence[Line], prose: bool) -> list[ParsedResolution]:
    """The resolutions in these lines; with `prose`, decisions printed without a keyword."""
    out: list[ParsedResolution] = []
    builder: _Builder | None = None
    taken = 0
    marker = ""
    inside, inside_for = False, 0  # a quotation open, for how many lines
    proposal = False
    previous = ""

    def finish() -> None:
        if builder is not None and builder.keep() and not proposal:
            out.append(builder.build())

    for number, line in enumerate(lines):
        raw = line.text
        text = clean(raw)
        if not text:
            continue
        if number < _PROPOSAL_LINES and _PROPOSAL_DOC.search(text):
            proposal = True
        if builder is not None and _LONE_MARKER.match(text):
            marker = text
            continue
        if marker:
            raw, text, marker = f"{marker} {text}", f"{marker} {text}", ""
        if inside and _QUOTE_ENDS.match(text) and not _is_open(previous):
            inside, inside_for = False, 0
        was_inside = inside
        inside = _quoted(text, inside)
        inside_for = inside_for + 1 if inside else 0
        if inside_for > _MAX_QUOTE:
            inside, inside_for = False, 0
        context = builder.last_text() if builder is not None else previous
        found = _keyword(text, context, was_inside, builder is None)
        if found is None and was_inside and not _is_open(previous):
            # A keyword starting a paragraph after a quotation left open on an
            # earlier line: the quotation has ended (a stray or missing mark).
            again = _keyword(text, context, False, builder is None)
            if again is not None and line_start(text[: again.at]):
                found, inside, inside_for = again, _quoted(text, False), 0
        mid_line = found is not None and not line_start(text[: found.at])
        if mid_line and builder is not None and _is_open(builder.last_text()):
            found = None  # "... that the minutes be AGREED" goes on the sentence
        paragraph = not previous or not _is_open(previous)
        if found is None and prose and builder is None and not was_inside and paragraph:
            found = _prose(text)
        previous = text
        if found is not None:
            fresh = builder is None  # (then `context` is the line before)
            finish()
            head = text[found.at :]
            if found.form == "keyword" and _NO_TEXT.match(head):
                # "The recommendations were AGREED.": the decision is the sentence.
                before = f"{context if fresh and _is_open(context) else ''} {text[: found.at]}"
                sentence = before[before.rfind(". ") + 1 :].strip()
                if _RECOMMENDATIONS.search(sentence) and not _quoted(sentence, False):
                    head = f"{sentence} {head}"
            builder, taken = _Builder(found, head, line.page), 0
            if found.form == "that" and _CLAUSE.match(head):
                builder.head = ""
                _start_clause(builder, head, False, first=True)
                continue
            # "RESOLVED: (A) That ..." starts its first clause on the keyword line.
            rest = re.sub(r"^\S+\s*(?:that\s*)?[:–—-]?\s*", "", head, flags=re.I)
            if rest and rest != head and _CLAUSE.match(rest):
                builder.head = head[: len(head) - len(rest)].strip()
                _start_clause(builder, rest, False, first=True)
            continue
        if builder is None:
            continue
        taken += 1
        if _VOTE.match(text):
            continue  # "Voting: unanimous" between clauses is not part of the text
        if taken > _MAX_LINES or (text[0].isupper() and _SECTION.match(text)):
            finish()
            builder = None
            continue
        clause = _start_clause(builder, raw.strip(), line.bullet or is_bullet(raw))
        if clause is not None:
            if not clause:
                finish()
                builder = None
            continue
        last = builder.last_text()
        standalone = builder.kind in ("noted", "deferred") and not builder.clauses
        if standalone and _STANDALONE.match(builder.head) and not re.match(r"(?i)that\b", text):
            finish()
            builder = None
            continue
        if _is_open(last):
            builder.add(text)
            continue
        finish()
        builder = None
    finish()
    return out


def find_resolutions(lines: Sequence[Line]) -> list[ParsedResolution]:
    """Every resolution in these lines, in order, each with the page its keyword
    is on. Where no keyword or "Decision:" label is printed, the decisions
    written in prose ("The Cabinet agreed to ...", "That the report be noted.")."""
    return _scan(lines, prose=False) or _scan(lines, prose=True)


def parse_resolutions(text: str, page: int | None = None) -> list[ParsedResolution]:
    """The resolutions in a text (a minute's body, a "Decision:" text), in order."""
    lines = [Line(line, page or 0, is_bullet(line)) for line in text.splitlines()]
    found = find_resolutions(lines)
    for resolution in found:
        resolution.page = page
    return found


# Clause markers dropped before fingerprinting: a web page often renders them
# as list numbering that never reaches the text.
_MARKERS = re.compile(r"(?:^|(?<=[\s:;]))\(?(?:[a-z]|[ivx]{1,5}|\d{1,2})[.)](?=\s|$)", re.M)


def fingerprint(text: str) -> str:
    """The same for the same decision whatever its whitespace, punctuation,
    case, dashes, quotes or clause numbering."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _MARKERS.sub(" ", folded)
    words = re.findall(r"[^\W_]+", folded)
    return hashlib.sha256(" ".join(words).encode()).hexdigest()
