"""Running a search: hits with citations and snippets, totals, facets, spelling."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from whoosh import query as q
from whoosh import sorting
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Searcher

from indexer.home import Home
from indexer.search.analysis import words
from indexer.search.querying import (
    OPERATORS,
    SearchFilters,
    expand_stems,
    filter_query,
    parse_query,
)
from indexer.search.schema import searcher
from indexer.search.snippets import Highlight, snippet

SORTS = ("relevance", "newest", "oldest")
# The fields of a hit in JSON/JSONL/CSV output, in order.
HIT_FIELDS = (
    "id",
    "type",
    "council",
    "committee",
    "meeting_id",
    "meeting_date",
    "item_number",
    "title",
    "snippet",
    "document_title",
    "document_kind",
    "document_url",
    "page",
    "url",
    "score",
)
FACETS = {"council": "council", "committee": "committee_name", "year": "year"}


@dataclass
class Hit:
    id: str
    type: str
    council: str
    committee: str | None
    meeting_id: int | None
    meeting_date: date | None
    item_number: str | None
    title: str
    snippet: str
    document_title: str | None
    document_kind: str | None
    document_url: str | None
    page: int | None
    url: str | None
    score: float | None
    # Not output: a hash of the indexed content (a watch tells a changed unit
    # by it) and the meeting's status (scheduled, held, cancelled...).
    fingerprint: str = ""
    meeting_status: str | None = None

    def as_row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in HIT_FIELDS}

    @property
    def citation(self) -> str:
        """ "document title, p. N" when the hit is on a known page."""
        if self.document_title and self.page:
            return f"{self.document_title}, p. {self.page}"
        return self.document_title or ""


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    expansions: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    facets: dict[str, dict[str, int]] | None = None


def _body(stored: dict[str, Any]) -> str:
    """The indexed text without the title it starts with (the title is shown apart)."""
    text, title = stored.get("text", ""), stored.get("title") or ""
    body = text[len(title) :].strip() if title and text.startswith(title) else text
    return body or text


def _hit(found: WhooshHit, marks: Highlight, scored: bool) -> Hit:
    stored = found.fields()
    when = stored.get("meeting_date")
    return Hit(
        id=stored["id"],
        type=stored["type"],
        council=stored["council"],
        committee=stored.get("committee"),
        meeting_id=stored.get("meeting_id"),
        meeting_date=when.date() if isinstance(when, datetime) else None,
        item_number=stored.get("item_number"),
        title=stored.get("title") or "",
        snippet=snippet(_body(stored), marks),
        document_title=stored.get("document_title"),
        document_kind=stored.get("document_kind"),
        document_url=stored.get("document_url"),
        page=stored.get("page"),
        url=stored.get("url"),
        score=round(found.score, 3) if scored and found.score is not None else None,
        fingerprint=stored.get("fingerprint", ""),
        meeting_status=stored.get("meeting_status"),
    )


def spelling_suggestions(searcher: Searcher, text: str) -> list[str]:
    """The query with unknown words replaced by the closest indexed words."""
    reader = searcher.reader()
    corrector = searcher.corrector("text")
    replacements: dict[str, str] = {}
    for token in re.findall(r"[\w:*]+", text):
        if token in OPERATORS or ":" in token or "*" in token:
            continue
        for word in words(token):
            if len(word) > 2 and not word.isdigit() and reader.doc_frequency("text", word) == 0:
                found = corrector.suggest(word, limit=1, maxdist=2)
                if found:
                    replacements[word] = found[0]
    if not replacements:
        return []
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, replacements)) + r")\b", re.IGNORECASE)
    return [pattern.sub(lambda m: replacements[m.group().lower()], text)]


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
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}")
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
    runnable = expand_stems(parsed.query, reader_side.reader())
    if restrict is not None:
        # Intersecting in the query skips through the filter's postings from
        # hit to hit; a `filter=` would first list every document it allows.
        runnable = q.And([runnable, q.ConstantScoreQuery(restrict, 0.0)])
    results = reader_side.search(runnable, **options)
    hits = [_hit(found, parsed.highlight, sort == "relevance") for found in results]
    total = len(results)
    facet_counts = (
        {name: dict(sorted(results.groups(name).items())) for name in FACETS} if facets else None
    )
    suggestions = [] if total else spelling_suggestions(reader_side, query)
    return SearchResult(hits, total, parsed.expansions, suggestions, facet_counts)


def group_by_meeting(hits: Iterable[Hit]) -> list[tuple[tuple[Any, ...], list[Hit]]]:
    """Hits grouped by meeting, groups in order of their first hit."""
    groups: dict[tuple[Any, ...], list[Hit]] = {}
    for hit in hits:
        key = (hit.council, hit.meeting_id or hit.id, hit.meeting_date, hit.committee)
        groups.setdefault(key, []).append(hit)
    return list(groups.items())
