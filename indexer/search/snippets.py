"""Short extracts of a unit's text with the matched words marked **like this**."""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.search.analysis import WORD_RE, stem

SNIPPET_CHARS = 220
MARK = "**"


@dataclass
class Highlight:
    """What to mark: quoted phrases, exact words, stems of unquoted words, prefixes."""

    phrases: list[tuple[str, ...]] = field(default_factory=list)
    words: set[str] = field(default_factory=set)
    stems: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)

    def matches(self, word: str) -> bool:
        word = word.lower()
        return (
            word in self.words
            or stem(word) in self.stems
            or any(word.startswith(p) for p in self.prefixes)
        )


def snippet(text: str, marks: Highlight, width: int = SNIPPET_CHARS) -> str:
    """The window of `text` with the most distinct matched words, marked."""
    text = " ".join(text.split())
    spans = _match_spans(text, marks)
    if not spans:
        return text[:width] + ("…" if len(text) > width else "")
    best_start, best_score = spans[0][0], 0
    for i, (start, _) in enumerate(spans[:200]):
        inside = set()
        for s, e in spans[i:]:
            if e > start + width:
                break
            inside.add(text[s:e].lower())
        if len(inside) > best_score:
            best_start, best_score = start, len(inside)
    # Start a little before the first match, at a word boundary.
    begin = max(0, best_start - width // 4)
    if begin:
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < best_start else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > best_start else end
    parts = []
    cursor = begin
    for start, stop in spans:
        if start >= begin and stop <= end:
            parts.append(text[cursor:start] + MARK + text[start:stop] + MARK)
            cursor = stop
    parts.append(text[cursor:end])
    return ("…" if begin else "") + "".join(parts) + ("…" if end < len(text) else "")


def _match_spans(text: str, marks: Highlight) -> list[tuple[int, int]]:
    """Character spans to mark: whole phrases first, then single words."""
    tokens = list(WORD_RE.finditer(text))
    lowered = [t.group().lower() for t in tokens]
    starts = {p[0] for p in marks.phrases}
    spans = []
    i = 0
    while i < len(tokens):
        length = 0
        if lowered[i] in starts:
            length = next((len(p) for p in marks.phrases if tuple(lowered[i : i + len(p)]) == p), 0)
        if length:
            spans.append((tokens[i].start(), tokens[i + length - 1].end()))
            i += length
            continue
        if marks.matches(lowered[i]):
            spans.append((tokens[i].start(), tokens[i].end()))
        i += 1
    return spans
