"""Running a search on PostgreSQL full-text search over `search_units`.

The query is parsed once, by querying.py, into the same tree the Whoosh
backend runs; here each leaf becomes a tsquery on one tsvector column
(postgres_units.py) and the tree becomes the SQL AND / OR / NOT of them,
so both backends understand a query alike.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from sqlalchemy import Connection, Engine, text
from whoosh import query as q

from indexer.search.analysis import PAIR_SEPARATOR, words
from indexer.search.hits import SearchResult, make_hit
from indexer.search.postgres_units import quote_lexeme
from indexer.search.querying import STEM_FIELD, QuerySyntaxError, SearchFilters, parse_query


class _Sql:
    """Collects a condition's SQL and its parameters, and the ranking of its positive words."""

    def __init__(self) -> None:
        self.params: dict[str, Any] = {}
        self.ranks: list[str] = []

    def param(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def tsquery(self, value: str) -> str:
        return f"CAST({self.param(value)} AS tsquery)"

    def rank(self, column: str, bound: str) -> None:
        self.ranks.append(f"ts_rank({column}, {bound})")

    def match(self, column: str, tsquery: str, positive: bool) -> str:
        bound = self.tsquery(tsquery)
        if positive:
            self.rank(column, bound)
        return f"{column} @@ {bound}"

    def confirm(self, column: str, tsquery: str, positive: bool) -> str:
        """`column` matches `tsquery`, checked on the row (no index is read)."""
        bound = self.tsquery(tsquery)
        if positive:
            self.rank(column, bound)
        return f"ts_match_vq({column}, {bound})"


def _phrase(phrase_words: list[str]) -> str:
    return " <-> ".join(quote_lexeme(w) for w in phrase_words)


def _condition(node: q.Query, sql: _Sql, positive: bool = True) -> str:
    """The SQL condition for one node of a parsed query."""
    name = getattr(node, "fieldname", None)
    if isinstance(node, q.Term):
        value = str(node.text)
        if name == STEM_FIELD:
            return sql.match("stems", quote_lexeme(value), positive)
        if name == "text":
            return sql.match("words", quote_lexeme(value), positive)
        if name == "pairs":  # a two-word phrase: its pair, exactly; ranked on its words
            if positive:
                sql.rank("words", sql.tsquery(_phrase(value.split(PAIR_SEPARATOR))))
            return sql.match("pairs", quote_lexeme(value), positive=False)
        if name in ("council", "type", "document_kind"):
            return f"lower({name}) = {sql.param(value.lower())}"
        if name == "committee":
            return sql.match("committee_words", quote_lexeme(value), positive=False)
    if isinstance(node, q.Phrase) and name == "pairs":
        # Rows with every pair (from the index), then confirmed in order: the
        # function form of @@ is not indexed, so the common words' index is not
        # read. Ranked by the words it confirms: each row's `words` is read
        # once for both, and its bigger `pairs` not at all.
        candidates = sql.match("pairs", " & ".join(map(quote_lexeme, node.words)), False)
        pairs = [str(p).split(PAIR_SEPARATOR) for p in node.words]
        phrase = _phrase(pairs[0] + [p[1] for p in pairs[1:]])
        return f"({candidates} AND {sql.confirm('words', phrase, positive)})"
    if isinstance(node, q.Prefix) and name == "text":
        return sql.match("words", f"{quote_lexeme(str(node.text))}:*", positive)
    if isinstance(node, q.Wildcard) and name == "text":
        # The index finds the words with the letters before the first ? or *;
        # a whole-word regex keeps those the pattern matches.
        pattern = str(node.text)
        start = re.split(r"[?*]", pattern)[0]
        regex = r"\m" + pattern.replace("*", r"\w*").replace("?", r"\w") + r"\M"
        found = sql.match("words", f"{quote_lexeme(start)}:*", positive)
        return f"({found} AND text ~* {sql.param(regex)})"
    if isinstance(node, q.And):
        return "(" + " AND ".join(_condition(c, sql, positive) for c in node.children()) + ")"
    if isinstance(node, q.Or):
        return "(" + " OR ".join(_condition(c, sql, positive) for c in node.children()) + ")"
    if isinstance(node, q.AndNot):
        return f"({_condition(node.a, sql, positive)} AND NOT {_condition(node.b, sql, False)})"
    if isinstance(node, q.AndMaybe):
        return _condition(node.a, sql, positive)
    if isinstance(node, q.Not):
        return f"NOT {_condition(node.query, sql, False)}"
    if node is q.NullQuery:
        return "FALSE"
    raise QuerySyntaxError(
        f"'{node}' cannot be searched on PostgreSQL (ranges like [a TO c] are Whoosh only)",
        hint='use words, "phrases", word* patterns, AND / OR / NOT and field:value',
    )


def _filters(filters: SearchFilters, sql: _Sql) -> list[str]:
    parts = []
    if filters.council:
        parts.append(f"council = {sql.param(filters.council.strip().lower())}")
    if filters.committee:
        committee = " & ".join(quote_lexeme(w) for w in words(filters.committee))
        if committee:
            parts.append(sql.match("committee_words", committee, positive=False))
    if filters.kinds:
        parts.append(f"type = ANY({sql.param(list(filters.kinds))})")
    if filters.document_kinds:
        parts.append(f"document_kind = ANY({sql.param(list(filters.document_kinds))})")
    if filters.since:
        since = datetime.combine(filters.since, time.min)
        parts.append(f"meeting_date >= {sql.param(since)}")
    if filters.until:
        until = datetime.combine(filters.until, time.max)
        parts.append(f"meeting_date <= {sql.param(until)}")
    return parts


_ORDER = {
    "relevance": "{score} DESC, {id}",
    "newest": "{meeting_date} DESC NULLS LAST, {id}",
    "oldest": "{meeting_date} ASC NULLS LAST, {id}",
}
_FACET_SQL = {"council": "council", "committee": "committee", "year": "year::text"}
_STORED = (
    "id",
    "type",
    "council",
    "committee",
    "meeting_id",
    "meeting_date",
    "meeting_status",
    "item_number",
    "title",
    "document_title",
    "document_kind",
    "document_url",
    "page",
    "url",
    "document_file",
    "read_from_scan",
    "text",
    "text_fingerprint",
)


def search(
    engine: Engine,
    query: str,
    filters: SearchFilters | None = None,
    *,
    limit: int | None = 10,
    sort: str = "relevance",
    exact: bool = False,
    facets: bool = False,
) -> SearchResult:
    """Search search_units; the same arguments and result as the Whoosh backend.

    Totals are always exact. Spelling suggestions are not offered (an empty list).
    """
    parsed = parse_query(query, exact=exact)
    sql = _Sql()
    where = " AND ".join(
        [_condition(parsed.query, sql), *_filters(filters or SearchFilters(), sql)]
    )
    score = " + ".join(sql.ranks) or "0"
    order = _ORDER[sort]
    shown = "" if limit is None else f" LIMIT {int(limit)}"
    # Every match is ranked and counted on a narrow row (id, date, score); only
    # the shown ones are read whole. The count comes in a row even with no hits.
    statement = (
        f"WITH matched AS MATERIALIZED (SELECT id, meeting_date, {score} AS score"
        f" FROM search_units WHERE {where}),"
        " shown AS (SELECT id, score FROM matched ORDER BY"
        f" {order.format(score='score', id='id', meeting_date='meeting_date')}{shown})"
        f" SELECT {', '.join(f'u.{c}' for c in _STORED)}, shown.score, counted.total"
        " FROM (SELECT count(*) AS total FROM matched) AS counted"
        " LEFT JOIN shown ON TRUE LEFT JOIN search_units AS u ON u.id = shown.id"
        f" ORDER BY {order.format(score='shown.score', id='u.id', meeting_date='u.meeting_date')}"
    )
    with engine.connect() as connection:
        rows = connection.execute(text(statement), sql.params).mappings()
        scored = sort == "relevance"
        hits, total = [], 0
        for row in rows:
            total = int(row["total"])
            if row["id"] is not None:
                hits.append(
                    make_hit(_stored(row), row["score"] if scored else None, parsed.highlight)
                )
        facet_counts = _facets(connection, where, sql.params) if facets else None
    return SearchResult(hits, total, parsed.expansions, [], facet_counts)


def _facets(
    connection: Connection, where: str, params: dict[str, Any]
) -> dict[str, dict[str, int]]:
    """Matches counted by council, committee and year, in one pass over them."""
    names = list(_FACET_SQL)
    grouping = ", ".join(f"GROUPING({column})" for column in _FACET_SQL.values())
    rows = connection.execute(
        text(
            f"SELECT {', '.join(_FACET_SQL.values())}, ARRAY[{grouping}], count(*)"
            f" FROM search_units WHERE {where}"
            f" GROUP BY GROUPING SETS ({', '.join(f'({c})' for c in _FACET_SQL.values())})"
            " ORDER BY 1, 2, 3"
        ),
        params,
    )
    counts: dict[str, dict[str, int]] = {name: {} for name in names}
    for *keys, grouped, n in rows:
        # GROUPING() is 0 for the column this row is counted by.
        column = grouped.index(0)
        if keys[column] is not None:
            counts[names[column]][str(keys[column])] = n
    return counts


def _stored(row: Any) -> dict[str, Any]:
    """The row as the stored fields make_hit reads (Whoosh leaves out empty ones)."""
    return {k: v for k, v in row.items() if v is not None and k not in ("score", "total")}
