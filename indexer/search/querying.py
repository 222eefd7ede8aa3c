"""Turning what people type into Whoosh queries, and running them.

The query language is Whoosh's (words, "phrases", AND / OR / NOT, `care*`,
`council:thurrock`) with three changes: `-word` means NOT word, an unquoted
word matches its stem ("placements" finds "placement"), and a quoted phrase
matches exactly those words in that order, via the word-pair field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import islice

from whoosh import query as q
from whoosh.qparser import QueryParser, SingleQuotePlugin
from whoosh.reading import IndexReader

from indexer.search.analysis import pairs, stem
from indexer.search.glossary import GLOSSARY, acronym_for, long_form
from indexer.search.schema import SCHEMA, SearchIndexError
from indexer.search.snippets import Highlight

# Fields people may name inside a query: `council:thurrock type:resolution`.
QUERY_FIELDS = ("council", "committee", "type", "document_kind")
# A marker field: Term(STEM_FIELD, s) becomes the indexed words whose stem is s.
STEM_FIELD = "_stem"
OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
# Bounds on what one query may ask, so a pasted document or a runaway script
# gets one plain sentence instead of minutes of work or a crash.
MAX_QUERY_CHARS = 2_000
MAX_QUERY_WORDS = 100
MAX_WORD_CHARS = 100
MAX_NESTING = 10
# How many indexed words one care*, ca?e or [a TO c] may stand for.
MAX_EXPANSION = 1_000


class QuerySyntaxError(SearchIndexError):
    """A query that cannot be understood."""


@dataclass(frozen=True)
class SearchFilters:
    council: str | None = None
    committee: str | None = None
    kinds: tuple[str, ...] = ()
    document_kinds: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None


@dataclass
class ParsedQuery:
    query: q.Query
    highlight: Highlight
    expansions: list[str] = field(default_factory=list)


def _outside_quotes(text: str) -> list[tuple[bool, str]]:
    """The query split into (is_quoted, chunk) pieces."""
    return [(i % 2 == 1, chunk) for i, chunk in enumerate(text.split('"'))]


def check_syntax(text: str) -> None:
    """Raise QuerySyntaxError with one plain sentence for what is wrong."""
    if not text.strip():
        raise QuerySyntaxError('The query is empty: give a word or a "quoted phrase"')
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            f"The query is too long ({len(text):,} characters): "
            f"keep it under {MAX_QUERY_CHARS:,}, or split it into several searches"
        )
    if text.count('"') % 2:
        raise QuerySyntaxError('The query has an unclosed quote: add the closing "')
    # A quoted phrase stands in as one word, so `"a b" OR c` has words around OR.
    bare = " ".join("phrase" if quoted else chunk for quoted, chunk in _outside_quotes(text))
    depth = 0
    for char in bare:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QuerySyntaxError("The query has a ) without a matching (")
        if depth > MAX_NESTING:
            raise QuerySyntaxError(
                f"The query has brackets inside brackets more than {MAX_NESTING} deep"
            )
    if depth:
        raise QuerySyntaxError("The query has a ( without a matching )")
    for name in re.findall(r"(\w+):(?=\S)", bare):
        if name not in QUERY_FIELDS:
            raise QuerySyntaxError(
                f"Unknown field '{name}:' in the query (known: {', '.join(QUERY_FIELDS)})"
            )
    tokens = bare.replace("(", " ").replace(")", " ").split()
    counted = [w for quoted, chunk in _outside_quotes(text) for w in re.findall(r"\w+", chunk)]
    if len(counted) > MAX_QUERY_WORDS:
        raise QuerySyntaxError(
            f"The query has {len(counted):,} words: use at most {MAX_QUERY_WORDS}, "
            "or split it into several searches"
        )
    longest = max(counted, key=len, default="")
    if len(longest) > MAX_WORD_CHARS:
        raise QuerySyntaxError(
            f"The query has a word of {len(longest):,} letters: "
            f"search for words of at most {MAX_WORD_CHARS}"
        )
    if tokens and (tokens[-1] in OPERATORS or tokens[0] in OPERATORS - {"NOT"}):
        raise QuerySyntaxError(
            f"'{tokens[-1] if tokens[-1] in OPERATORS else tokens[0]}' needs a word on each side"
        )
    for token in tokens:
        pattern = token.split(":")[-1]
        if ("*" in pattern or "?" in pattern) and len(re.split(r"[*?]", pattern)[0]) < 2:
            wildcard = "*" if "*" in pattern else "?"
            raise QuerySyntaxError(
                f"'{token}' is too broad: put at least two letters before the {wildcard}"
            )
    if not any(
        quoted and chunk.strip() or not quoted and re.search(r"\w", chunk)
        for quoted, chunk in _outside_quotes(text)
    ):
        raise QuerySyntaxError("The query has no words to search for")


def _minus_to_not(text: str) -> str:
    return '"'.join(
        chunk if quoted else re.sub(r"(^|[\s(])-(?=[\w\"(])", r"\1NOT ", chunk)
        for quoted, chunk in _outside_quotes(text)
    )


def exact_phrase(phrase_words: list[str]) -> q.Query:
    """Exactly these words in this order, using the word-pair field."""
    if not phrase_words:
        return q.NullQuery
    if len(phrase_words) == 1:
        return q.Term("text", phrase_words[0])
    terms = pairs(phrase_words)
    if len(terms) == 1:
        return q.Term("pairs", terms[0])
    return q.Phrase("pairs", terms)


class _Rewriter:
    def __init__(self, exact: bool) -> None:
        self.exact = exact
        self.highlight = Highlight()
        self.expansions: list[str] = []

    def word(self, word: str) -> q.Query:
        if self.exact:
            self.highlight.words.add(word)
            return q.Term("text", word)
        self.highlight.stems.add(stem(word))
        term = q.Term(STEM_FIELD, stem(word))
        expansion = long_form(word)
        if not expansion:
            return term
        self._note(f"{word.upper()} → {GLOSSARY[word]}")
        self.highlight.phrases.append(tuple(expansion))
        return q.Or([term, exact_phrase(expansion)])

    def phrase(self, phrase_words: list[str]) -> q.Query:
        if len(phrase_words) > 1:
            self.highlight.phrases.append(tuple(phrase_words))
        else:
            self.highlight.words.update(phrase_words)
        exact = exact_phrase(phrase_words)
        acronym = None if self.exact else acronym_for(phrase_words)
        if not acronym:
            return exact
        self._note(f"{' '.join(phrase_words)} → {acronym.upper()}")
        self.highlight.words.add(acronym)
        return q.Or([exact, q.Term("text", acronym)])

    def _note(self, expansion: str) -> None:
        if expansion not in self.expansions:
            self.expansions.append(expansion)

    def __call__(self, node: q.Query) -> q.Query:
        fieldname = getattr(node, "fieldname", None)
        if isinstance(node, q.Phrase) and fieldname == "text":
            return self.phrase(list(node.words))
        if isinstance(node, q.Term) and fieldname == "text":
            return self.word(node.text)
        if isinstance(node, q.Prefix) and fieldname == "text":
            self.highlight.prefixes.add(node.text)
            return node
        if isinstance(node, q.Term) and fieldname in QUERY_FIELDS:
            return q.Term(fieldname, node.text.lower())
        if node.is_leaf():
            return node
        return node.apply(self)


def parse_query(text: str, *, exact: bool = False) -> ParsedQuery:
    """The Whoosh query for what the user typed; QuerySyntaxError if malformed."""
    check_syntax(text)
    parser = QueryParser("text", SCHEMA)
    # Apostrophes are part of words here ("children's"), not quotes.
    parser.remove_plugin_class(SingleQuotePlugin)
    # Not normalised before rewriting: normalising turns a quoted single word
    # into a plain term, which would then be stemmed.
    parsed = parser.parse(_minus_to_not(text), normalize=False)
    rewriter = _Rewriter(exact)
    rewritten = rewriter(parsed).normalize()
    if rewritten is q.NullQuery:
        raise QuerySyntaxError("The query has no words to search for")
    return ParsedQuery(rewritten, rewriter.highlight, rewriter.expansions)


def expand_stems(node: q.Query, reader: IndexReader) -> q.Query:
    """Replace each stem marker by the indexed words with that stem.

    Stemming at query time keeps the index to two fields (a third would add a
    third of the indexing time) and gives the same matches as a stem field.
    """
    if isinstance(node, q.Term) and node.fieldname == STEM_FIELD:
        target = node.text
        # A Porter stem differs from its words at most in its last letter.
        prefix = target[:-1] if len(target) > 3 else target
        variants = sorted(
            word
            for word in (raw.decode("utf-8") for raw in reader.expand_prefix("text", prefix))
            if stem(word) == target
        )
        if len(variants) == 1:
            return q.Term("text", variants[0])
        return q.Or([q.Term("text", v) for v in variants]) if variants else q.NullQuery
    if node.is_leaf():
        return node
    return node.apply(lambda child: expand_stems(child, reader))


def bound_expansions(node: q.Query, reader: IndexReader) -> q.Query:
    """Each care*, ca?e or [a TO c] replaced by the indexed words it stands for.

    Listed once here, at most MAX_EXPANSION of them (more is a QuerySyntaxError),
    so a broad pattern costs a bounded walk of the lexicon and a bounded query.
    """
    if isinstance(node, q.MultiTerm):
        field_type = reader.schema[node.fieldname]
        found = [
            field_type.from_bytes(raw) for raw in islice(node._btexts(reader), MAX_EXPANSION + 1)
        ]
        if len(found) > MAX_EXPANSION:
            raise QuerySyntaxError(
                f"'{_shown(node)}' stands for more than {MAX_EXPANSION:,} different words: "
                "make it narrower (more letters before the *)"
            )
        terms = [q.Term(node.fieldname, word) for word in found]
        return q.Or(terms) if len(terms) != 1 else terms[0]
    if node.is_leaf():
        return node
    return node.apply(lambda child: bound_expansions(child, reader))


def _shown(node: q.Query) -> str:
    """A pattern as the user typed it (near enough), for messages."""
    if isinstance(node, q.TermRange):
        return f"[{node.start or ''} TO {node.end or ''}]"
    text = str(getattr(node, "text", node))
    return text + "*" if isinstance(node, q.Prefix) else text


# Meetings are dated within these years (open-ended date filters stop here).
FIRST_YEAR, LAST_YEAR = 1990, 2100


def _date_filter(since: date | None, until: date | None, council: str | None) -> q.Query:
    """Meetings from `since` to `until`, both inclusive.

    Whole years are single `year` terms and only part-years are date ranges:
    a date range over years of meetings makes Whoosh list every document in
    it, where a few terms are skipped through from hit to hit. With a council,
    the terms are the council's years.
    """
    first = since or date(FIRST_YEAR, 1, 1)
    last = until or date(LAST_YEAR, 12, 31)
    parts: list[q.Query] = []
    for year in range(first.year, last.year + 1):
        start, end = max(first, date(year, 1, 1)), min(last, date(year, 12, 31))
        if (start, end) == (date(year, 1, 1), date(year, 12, 31)):
            parts.append(
                q.Term("council_year", f"{council}:{year}")
                if council
                else q.Term("year", str(year))
            )
        elif start <= end:
            parts.append(
                q.DateRange(
                    "meeting_date",
                    datetime.combine(start, time.min),
                    datetime.combine(end, time.max),
                )
            )
    return q.Or(parts) if parts else q.NullQuery


def filter_query(filters: SearchFilters) -> q.Query | None:
    """The filters as one query that restricts without scoring."""
    parts: list[q.Query] = []
    council = filters.council.strip().lower() if filters.council else None
    if council:
        parts.append(q.Term("council", council))
    if filters.committee:
        committee_words = [w.lower() for w in re.findall(r"\w+", filters.committee)]
        parts.append(q.And([q.Term("committee", w) for w in committee_words]))
    if filters.kinds:
        parts.append(q.Or([q.Term("type", k) for k in filters.kinds]))
    if filters.document_kinds:
        parts.append(q.Or([q.Term("document_kind", k) for k in filters.document_kinds]))
    if filters.since or filters.until:
        parts.append(_date_filter(filters.since, filters.until, council))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else q.And(parts)
