"""Resolutions in minutes, printed decisions and ModernGov "Decision:" texts.

A resolution starts at its keyword ("RESOLVED – That ...", "RESOLVED:",
"Resolved that", "RECOMMENDED", "NOTED", "DEFERRED", "AGREED") and runs on
while the sentence is open (a wrapped line, "that:", "; and") or while
clauses follow ("(a)", "b)", "1.", "(i)", bullets). Wrapped lines are joined
with spaces; each clause starts a new line of the text, so the text reads as
printed. `fingerprint` makes the same decision printed in the minutes and
shown on the meeting page one row.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence

from indexer.parse.text import Line, clean, is_bullet
from indexer.parse.types import ParsedResolution

# Upper-case keywords count anywhere in a line ("Therefore, it was RESOLVED
# that"); "Resolved" in other cases only at the start of a line, followed by
# what makes it a decision rather than prose.
_UPPER = re.compile(r"\b(RESOLVED|RECOMMENDED|AGREED|DECIDED)\b")
_START = re.compile(
    r"^(?:It\s+was\s+)?(Resolved|Recommended|Agreed|Decided|resolved|agreed)\b\s*"
    r"(?=$|[:–—-]|that\b|to\b|unanimously\b|\()"
)
_STANDALONE = re.compile(r"^(NOTED|DEFERRED|Noted|Deferred)\b\s*[.:]?\s*(.*)$")
# Printed decisions: "DECISION:" or "Decision" over the decision's text.
_DECISION = re.compile(r"^(?:DECISIONS?|Decisions?)\s*(?::|$)")
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
_VOTE = re.compile(r"^(?:voting|vote|votes|for|against|abstentions?|abstained)\s*[:–-]", re.I)
_OPEN_END = re.compile(r"(?:[,;:–—-]|\b(?:and|or|that|to|the|of|be|a|an|in|on|by|with|for))$", re.I)
_MAX_LINES = 400  # no printed resolution is longer; stops a runaway on garbage


def _keyword(text: str) -> tuple[str, int] | None:
    """The resolution kind and where its keyword starts in this line, if any."""
    found = _START.match(text)
    if found and (found.group(1)[0].isupper() or text.startswith("It")):
        return KINDS[found.group(1).lower()], found.start(1)
    found = _STANDALONE.match(text)
    if found and (not found.group(2) or found.group(1).isupper()):
        return KINDS[found.group(1).lower()], 0
    found = _UPPER.search(text)
    if found:
        return KINDS[found.group(1).lower()], found.start()
    if _DECISION.match(text):
        return "resolved", 0
    return None


def _clause_style(marker: str, paren: str) -> str:
    if marker.isdigit():
        return f"{paren}digit"
    if re.fullmatch(r"[ivx]+", marker):
        return f"{paren}roman"
    if re.fullmatch(r"[IVX]+", marker) and len(marker) > 1:
        return f"{paren}ROMAN"
    return f"{paren}{'lower' if marker.islower() else 'upper'}"


def _is_open(text: str) -> bool:
    """Does the sentence carry on after this line?"""
    stripped = text.rstrip(" )\"'”’")
    # Only the end is searched: the text grows line by line.
    return not stripped or stripped[-1] not in ".!?" or bool(_OPEN_END.search(text[-12:]))


class _Builder:
    """Collects one resolution's lines into text and clauses."""

    def __init__(self, kind: str, first: str, page: int | None) -> None:
        self.kind = kind
        self.page = page
        self.head = first  # the keyword paragraph
        self.clauses: list[str] = []
        self.top_style: str | None = None
        self.last_letter: str | None = None

    def clause(self, text: str, marker: str, paren: str) -> None:
        style = _clause_style(marker, paren)
        # "(i)" after "(h)" is a letter; after anything else it is a sub-clause.
        letter_next = {"i": "h", "v": "u", "x": "w"}
        lettered = self.top_style is not None and self.top_style.endswith("lower")
        if style.endswith("roman") and lettered and letter_next.get(marker) == self.last_letter:
            style = self.top_style or style
        if self.top_style is None or style == self.top_style or not self.clauses:
            self.top_style = self.top_style or style
            self.clauses.append(text)
            self.last_letter = marker if len(marker) == 1 else self.last_letter
        else:
            self.clauses[-1] += "\n" + text

    def add(self, text: str) -> None:
        if self.clauses:
            self.clauses[-1] += " " + text
        else:
            self.head = f"{self.head} {text}".strip()

    def last_text(self) -> str:
        return self.clauses[-1] if self.clauses else self.head

    def build(self) -> ParsedResolution:
        text = "\n".join([self.head, *self.clauses]).strip()
        return ParsedResolution(
            kind=self.kind, text=text, clauses=list(self.clauses), page=self.page
        )


def _start_clause(builder: _Builder, text: str, bullet: bool) -> bool:
    found = _CLAUSE.match(text)
    if found:
        builder.clause(clean(text), found.group(2), found.group(1))
        return True
    if bullet and clean(text):
        builder.clause(clean(text), "•", "")
        return True
    return False


def find_resolutions(lines: Sequence[Line]) -> list[ParsedResolution]:
    """Every resolution in these lines, in order, each with the page its keyword is on."""
    out: list[ParsedResolution] = []
    builder: _Builder | None = None
    taken = 0
    marker = ""
    for line in lines:
        raw = line.text
        text = clean(raw)
        if not text:
            continue
        if builder is not None and _LONE_MARKER.match(text):
            marker = text
            continue
        if marker:
            raw, text, marker = f"{marker} {text}", f"{marker} {text}", ""
        keyword = _keyword(text)
        if keyword is not None:
            if builder is not None and not _DECISION.fullmatch(builder.head):
                out.append(builder.build())  # (a bare "Decision:" label over "RESOLVED" is not one)
            kind, at = keyword
            head = text[at:]
            builder, taken = _Builder(kind, head, line.page), 0
            # "RESOLVED: (A) That ..." starts its first clause on the keyword line.
            rest = re.sub(r"^\S+\s*(?:that\s*)?[:–—-]?\s*", "", head, flags=re.I)
            if rest and rest != head and _CLAUSE.match(rest):
                builder.head = head[: len(head) - len(rest)].strip()
                _start_clause(builder, rest, False)
            continue
        if builder is None:
            continue
        taken += 1
        if _VOTE.match(text):
            continue  # "Voting: unanimous" between clauses is not part of the text
        if taken > _MAX_LINES:
            out.append(builder.build())
            builder = None
            continue
        if _start_clause(builder, raw.strip(), line.bullet or is_bullet(raw)):
            continue
        last = builder.last_text()
        standalone = builder.kind in ("noted", "deferred") and not builder.clauses
        if standalone and _STANDALONE.match(builder.head) and not re.match(r"(?i)that\b", text):
            out.append(builder.build())
            builder = None
            continue
        if _is_open(last):
            builder.add(text)
            continue
        out.append(builder.build())
        builder = None
    if builder is not None:
        out.append(builder.build())
    return out


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
