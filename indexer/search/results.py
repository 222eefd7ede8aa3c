"""Running a search on Whoosh: hits with citations and snippets, totals, facets, spelling."""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

from whoosh import query as q
from whoosh import sorting
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from indexer.home import Home
from indexer.search.analysis import words
from indexer.search.glossary import GLOSSARY
from indexer.search.hits import FACETS, SearchResult, make_hit
from indexer.search.phrases import CannotConfirm, Confirmer, has_phrase, loosen
from indexer.search.querying import (
    OPERATORS,
    ParsedQuery,
    QuerySyntaxError,
    SearchFilters,
    bound_expansions,
    expand_stems,
    filter_query,
    parse_query,
)
from indexer.search.schema import searcher

# At most this many unknown words are corrected, each from this many near words.
SUGGESTED_WORDS, CANDIDATES = 5, 3


def _runnable(parsed: ParsedQuery, reader: IndexReader, restrict: q.Query | None) -> q.Query:
    """The parsed query as run: stems and patterns listed, filters intersected."""
    runnable = bound_expansions(expand_stems(parsed.query, reader), reader)
    if restrict is None:
        return runnable
    # Intersecting in the query skips through the filter's postings from hit
    # to hit; a `filter=` would first list every document it allows.
    return q.And([runnable, q.ConstantScoreQuery(restrict, 0.0)])


def _finds_something(
    reader_side: Searcher, text: str, restrict: q.Query | None, exact: bool
) -> bool:
    try:
        runnable = _runnable(parse_query(text, exact=exact), reader_side.reader(), restrict)
    except QuerySyntaxError:
        return False
    return reader_side.search(runnable, limit=1).scored_length() > 0


def spelling_suggestions(
    reader_side: Searcher, text: str, restrict: q.Query | None = None, *, exact: bool = False
) -> list[str]:
    """The query with unknown words replaced by near indexed words, if it then finds hits.

    Never for a known acronym (its long form was searched too), only near
    words with the same first letter that find hits under the same filters,
    and nothing at all rather than a query that still finds nothing.
    """
    reader = reader_side.reader()
    corrector = reader_side.corrector("text")
    replacements: dict[str, str] = {}
    unknown = [
        word
        for token in re.findall(r"[\w:*?]+", text)
        if token not in OPERATORS and not any(c in token for c in ":*?")
        for word in words(token)
        if len(word) > 2
        and not word.isdigit()
        and word not in GLOSSARY
        and reader.doc_frequency("text", word) == 0
    ]
    for word in dict.fromkeys(unknown[:SUGGESTED_WORDS]):
        # One letter off for short words, two for longer: "lac" is not "had".
        distance = 1 if len(word) <= 5 else 2
        # Whoosh ranks the words within maxdist by frequency alone: nearest first.
        for maxdist in range(1, distance + 1):
            near = corrector.suggest(word, limit=CANDIDATES, maxdist=maxdist, prefix=1)
            found = next(
                (w for w in near if _finds_something(reader_side, w, restrict, exact)), None
            )
            if found:
                replacements[word] = found
                break
    if not replacements:
        return []
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, replacements)) + r")\b", re.IGNORECASE)
    suggested = pattern.sub(lambda m: replacements[m.group().lower()], text)
    return [suggested] if _finds_something(reader_side, suggested, restrict, exact) else []


def _confirmed_top(
    reader_side: Searcher,
    exact_query: q.Query,
    options: dict[str, Any],
    limit: int,
    parsed: ParsedQuery,
) -> SearchResult:
    """The top `limit` hits of a phrase query, confirmed one by one (see phrases.py)."""
    loose = loosen(exact_query)
    fetch = limit * 3 + 20
    while True:
        results = reader_side.search(loose, **{**options, "limit": fetch, "optimize": True})
        exhausted = results.scored_length() < fetch
        confirmed = []
        for found in results:
            stored = found.fields()
            if Confirmer(stored)(exact_query):
                confirmed.append((stored, found.score))
        if len(confirmed) >= limit or exhausted:
            break
        fetch *= 4
    scored = "sortedby" not in options
    hits = [
        make_hit(s, score if scored else None, parsed.highlight) for s, score in confirmed[:limit]
    ]
    # All candidates seen: the count is exact; otherwise the candidates'
    # count is an upper estimate.
    total = len(confirmed) if exhausted else max(results.estimated_length(), len(confirmed))
    return SearchResult(hits, total, parsed.expansions, [], None, total_exact=exhausted)


def search(
    home: Home,
    query: str,
    filters: SearchFilters | None = None,
    *,
    limit: int | None = 10,
    sort: str = "relevance",
    exact: bool = False,
    facets: bool = False,
) -> SearchResult:
    """Search the index. `limit=None` returns every hit; `exact` turns off
    stemming and the glossary. Raises QuerySyntaxError for a malformed query
    and IndexMissingError / IndexStaleError when `papers index` is needed."""
    parsed = parse_query(query, exact=exact)
    options: dict[str, Any] = {"limit": limit}
    restrict = filter_query(filters or SearchFilters())
    if sort != "relevance":
        options.update(sortedby="meeting_date", reverse=sort == "newest")
    if facets:
        options["groupedby"] = {
            name: sorting.FieldFacet(column, maptype=sorting.Count)
            for name, column in FACETS.items()
        }
    reader_side = searcher(home.index_dir)
    reader = reader_side.reader()
    runnable = _runnable(parsed, reader, restrict)
    if limit is not None:
        # Asking for more hits than there are units is asking for all of them.
        limit = min(limit, max(reader.doc_count_all(), 1))
        options["limit"] = limit
    scored = sort == "relevance"
    if limit is not None and not facets and has_phrase(runnable):
        try:
            confirmed = _confirmed_top(reader_side, runnable, options, limit, parsed)
        except CannotConfirm:
            pass
        else:
            if not confirmed.total:
                confirmed.suggestions = spelling_suggestions(
                    reader_side, query, restrict, exact=exact
                )
            return confirmed
    # Block-quality skipping speeds up words but slows phrases, which are
    # then counted in the same pass instead of a second one.
    options["optimize"] = not has_phrase(runnable)
    results = reader_side.search(runnable, **options)
    # With facets Whoosh collects every match; show no more than asked for.
    shown = islice(results, limit) if limit is not None else results
    hits = [make_hit(f.fields(), f.score if scored else None, parsed.highlight) for f in shown]
    # Counting every match of a common word would cost a second pass over its
    # postings; Whoosh skips low-scoring blocks instead, and the total is then
    # an upper estimate. Phrase queries and limit=None count exactly.
    total_exact = results.has_exact_length()
    total = len(results) if total_exact else results.estimated_length()
    facet_counts = (
        {name: dict(sorted(results.groups(name).items())) for name in FACETS} if facets else None
    )
    suggestions = [] if total else spelling_suggestions(reader_side, query, restrict, exact=exact)
    return SearchResult(
        hits, total, parsed.expansions, suggestions, facet_counts, total_exact=total_exact
    )
