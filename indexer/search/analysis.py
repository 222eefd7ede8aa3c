"""How text becomes index terms: words and word pairs.

Nothing is ever dropped: "of" and "the" are indexed like any other word, so
"edge of care" can be matched exactly. Word pairs ("edge of", "of care") make
phrase queries fast: a phrase becomes a few rare pair terms instead of the
intersection of the position lists of common words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.analysis.acore import Token
from whoosh.fields import TEXT
from whoosh.lang.porter import stem as porter_stem
from whoosh.system import pack_uint

# Words, numbers and dotted abbreviations ("e.g", "1.5"); apostrophes split
# ("children's" -> "children", "s") the same way in documents and queries.
WORD_PATTERN = r"\w+(?:\.\w+)*"
WORD_RE = re.compile(WORD_PATTERN)
PAIR_SEPARATOR = " "


class WordPairFilter(Filter):
    """Replaces a stream of words by the stream of adjacent pairs.

    The pair starting at word i gets position i, so a phrase of n words is a
    phrase of n - 1 pairs at consecutive positions: exact, and fast.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        previous: str | None = None
        previous_pos = 0
        for token in tokens:
            word, pos = token.text, getattr(token, "pos", 0)
            if previous is not None:
                token.text = previous + PAIR_SEPARATOR + word
                token.pos = previous_pos
                yield token
            previous, previous_pos = word, pos


def word_analyzer():
    """Lower-cased words, nothing removed: exact words and prefix queries."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter()


def pair_analyzer():
    """Adjacent word pairs with positions: quoted phrases."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | WordPairFilter()


def words(text: str) -> list[str]:
    """The lower-cased words of `text`, as the index sees them."""
    return [m.group().lower() for m in WORD_RE.finditer(text)]


@lru_cache(maxsize=10_000)
def stem(word: str) -> str:
    return porter_stem(word.lower())


def pairs(phrase_words: list[str]) -> list[str]:
    """The pair terms of a phrase: ["edge", "of", "care"] -> ["edge of", "of care"]."""
    return [a + PAIR_SEPARATOR + b for a, b in zip(phrase_words, phrase_words[1:], strict=False)]


@lru_cache(maxsize=2)
def _document_words(text: str) -> list[str]:
    # The word and pair fields get the same text, one after the other.
    return words(text)


class WordsField(TEXT):
    """A TEXT field of words whose indexing skips Whoosh's token objects.

    `index()` makes the same terms as `word_analyzer()` (which still serves
    queries and highlighting) in a single regex pass: analysis was a large
    share of the pure-Python build.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(analyzer=word_analyzer(), phrase=False, **kwargs)

    def index(self, value: str, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        counts: dict[str, int] = {}
        for word in _document_words(value):
            counts[word] = counts.get(word, 0) + 1
        boost = self.format.field_boost
        for word, count in counts.items():
            yield word.encode(), count, count * boost, pack_uint(count)


class PairsField(TEXT):
    """A TEXT field of adjacent word pairs with positions, indexed like WordsField."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(analyzer=pair_analyzer(), phrase=True, **kwargs)

    def index(self, value: str, **kwargs: object) -> Iterator[tuple[bytes, int, float, bytes]]:
        document = _document_words(value)
        positions: dict[str, list[int]] = {}
        for pos, pair in enumerate(pairs(document)):
            positions.setdefault(pair, []).append(pos)
        boost = self.format.field_boost
        encode = self.format.encode
        for pair, found in positions.items():
            yield pair.encode(), len(found), len(found) * boost, encode(found)
