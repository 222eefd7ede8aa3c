"""`papers search QUERY`: find where councils discussed a topic, with citations."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from indexer.document_kinds import DOCUMENT_KINDS
from indexer.errors import UsageError
from indexer.search_index import (
    HIT_FIELDS,
    Hit,
    IndexIncompleteError,
    IndexMissingError,
    IndexStaleError,
    SearchFilters,
    SearchResult,
    group_by_meeting,
    index_coverage,
)
from indexer.search_index import search as run_search
from search_cli.commands.index import index_after_change
from search_cli.context import AppState, state
from search_cli.options import CouncilFilter, SinceFilter, UntilFilter
from search_cli.output import Format, err_console, render, to_jsonable

DocumentKind = StrEnum("DocumentKind", {k: k for k in DOCUMENT_KINDS})  # type: ignore[misc]


# More hits than anyone reads; --limit 0 shows all of them.
MAX_LIMIT = 1_000_000


class Kind(StrEnum):
    item = "item"
    resolution = "resolution"
    page = "page"
    document = "document"
    work_programme = "work-programme"


class Sort(StrEnum):
    relevance = "relevance"
    newest = "newest"
    oldest = "oldest"


class Group(StrEnum):
    meeting = "meeting"


MARKED = re.compile(r"\*\*(.+?)\*\*")


def _highlighted(snippet: str) -> str:
    """Rich markup for a snippet: the **marked** words in bold yellow."""
    return MARKED.sub(r"[bold yellow]\1[/]", escape(snippet))


def _print_hits(console: Console, hits: list[Hit], first: int = 1) -> None:
    """One block a hit: where, what, the words around the match, the citation.

    Blocks rather than table columns, so snippets and URLs are never folded
    into narrow columns in an 80-column terminal.
    """
    for number, hit in enumerate(hits, first):
        when = hit.meeting_date.isoformat() if hit.meeting_date else "undated"
        where = " · ".join(escape(p) for p in (when, hit.council, hit.committee or "") if p)
        # A document hit's title is its citation, printed below.
        shown = (hit.item_number,) if hit.type == "document" else (hit.item_number, hit.title)
        item = " ".join(p for p in shown if p)
        console.print(f"[bold]{number}. {where}[/]  [dim]{hit.type}[/]", soft_wrap=True)
        if item:
            console.print(f"   {escape(item)}", soft_wrap=True)
        if hit.snippet:
            console.print(f"   {_highlighted(' '.join(hit.snippet.split()))}", soft_wrap=True)
        for line in (hit.citation, hit.url):
            if line:
                console.print(f"   [cyan]{escape(line)}[/]", soft_wrap=True)
        console.print()


def _print_table(result: SearchResult, group: Group | None) -> None:
    console = Console(highlight=False)
    if group is None:
        _print_hits(console, result.hits)
        return
    for (council, _, when, committee), hits in group_by_meeting(result.hits):
        heading = " · ".join(str(p) for p in (when, council, committee) if p)
        console.rule(escape(heading))
        _print_hits(console, hits)


def _print_facets(result: SearchResult, console: Console) -> None:
    for name, counts in (result.facets or {}).items():
        table = Table(title=f"hits per {name}")
        table.add_column(name)
        table.add_column("hits", justify="right")
        for value, count in counts.items():
            table.add_row(escape(str(value)), str(count))
        console.print(table)


def search(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY",
            help='Words, "quoted phrases", AND / OR / NOT, -word, care*, council:NAME.',
            show_default=False,
        ),
    ],
    council: CouncilFilter = None,
    committee: Annotated[
        str | None,
        typer.Option(metavar="WORDS", help="Only committees whose name has these words."),
    ] = None,
    kind: Annotated[
        list[Kind] | None, typer.Option(help="Only this kind of hit (repeatable).")
    ] = None,
    document_kind: Annotated[
        list[DocumentKind] | None,
        typer.Option(help="Only pages of this kind of document (repeatable)."),
    ] = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    limit: Annotated[int, typer.Option(help="How many hits to show; 0 shows all.")] = 10,
    sort: Annotated[Sort, typer.Option(help="Order of hits.")] = Sort.relevance,
    fmt: Annotated[
        Format, typer.Option("--format", help="table for people; json, jsonl, csv for programs.")
    ] = Format.table,
    group: Annotated[Group | None, typer.Option(help="Group hits by meeting.")] = None,
    facets: Annotated[
        bool, typer.Option("--facets", help="Also count hits per council, committee and year.")
    ] = False,
    exact: Annotated[
        bool, typer.Option("--exact", help="No stemming and no acronym expansion.")
    ] = False,
) -> None:
    """Search agenda items, resolutions, document pages and work programmes.

    A "quoted phrase" matches exactly those words in that order. Unquoted words
    also match other forms (placements finds placement). Known acronyms (LAC,
    SEND, EHCP...) also find their long forms, and back, unless --exact.
    Each hit cites the document and page, with a link that opens the PDF there.
    """
    # Unknown options reach the query so that `-care` is a word to leave out;
    # a mistyped `--option` is still an error, and `-h` alone is still help.
    if words == ["-h"]:
        typer.echo(ctx.get_help())
        raise typer.Exit()
    mistyped = [w for w in words if w.startswith("--")]
    if mistyped:
        raise UsageError(f"No such option: {mistyped[0]} (see papers search --help)")
    query = " ".join(words)
    if not 0 <= limit <= MAX_LIMIT:
        raise UsageError(f"--limit must be a number from 1 to {MAX_LIMIT:,}, or 0 for all hits")
    if since and until and since > until:
        raise UsageError("--since is after --until")
    app_state = state(ctx)
    # The database is opened only when needed: most searches read just the index.
    filters = SearchFilters(
        council=_council_slug(app_state, council),
        committee=committee,
        kinds=tuple(k.value for k in kind or ()),
        document_kinds=tuple(k.value for k in document_kind or ()),
        since=since.date() if since else None,
        until=until.date() if until else None,
    )

    def run() -> SearchResult:
        return run_search(
            app_state.home,
            query,
            filters,
            limit=limit or None,
            sort=sort.value,
            exact=exact,
            facets=facets,
        )

    try:
        result = run()
    except (IndexMissingError, IndexStaleError) as exc:
        err_console.print(f"{exc}: building it now.", highlight=False)
        index_after_change(app_state)
        result = run()
    if not result.total:
        # "No hits" is a claim about every unit: not when the index lacks some.
        # (Counted only here: counting pages reads every page row.)
        coverage = index_coverage(app_state.engine, app_state.home)
        if not coverage.complete:
            raise IndexIncompleteError(
                f"Nothing found, but the search index is incomplete "
                f"({coverage.describe()} indexed), so there may be hits it cannot see",
                hint="run `papers index` to finish it",
            )
    _report(query, result, limit)
    if not result.total and not _has_papers(app_state):
        err_console.print(
            "Nothing has been collected yet: add a council and crawl it "
            "(papers councils add NAME-OR-URL, then papers crawl SLUG), or try papers demo.",
            highlight=False,
        )
    if fmt is Format.table:
        if result.hits:
            _print_table(result, group)
        if facets:
            _print_facets(result, Console())
    else:
        _print_for_programs(result, fmt, group, facets)


# With --facets, csv and jsonl give the counts, one row per facet value.
FACET_FIELDS = ("facet", "value", "hits")
# With --group meeting, json and jsonl give one object per meeting with its hits.
MEETING_FIELDS = ("council", "meeting_id", "meeting_date", "committee")


def _meetings(hits: list[Hit]) -> list[dict[str, Any]]:
    """One object per meeting, in order of its first hit, with its hits."""
    return [
        {
            **{name: to_jsonable(getattr(grouped[0], name)) for name in MEETING_FIELDS},
            "hits": [_jsonable(hit.as_row()) for hit in grouped],
        }
        for _, grouped in group_by_meeting(hits)
    ]


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {name: to_jsonable(value) for name, value in row.items()}


def _facet_rows(result: SearchResult) -> list[dict[str, Any]]:
    return [
        {"facet": name, "value": value, "hits": count}
        for name, counts in (result.facets or {}).items()
        for value, count in counts.items()
    ]


def _print_for_programs(
    result: SearchResult, fmt: Format, group: Group | None, facets: bool
) -> None:
    """The shapes documented in docs/searching.md ("For programs")."""
    if fmt is Format.json and (group or facets):
        listed: list[Any] = (
            _meetings(result.hits) if group else [_jsonable(h.as_row()) for h in result.hits]
        )
        if not facets:
            typer.echo(json.dumps(listed, ensure_ascii=False, indent=1))
            return
        whole = {
            "total": result.total,
            "total_exact": result.total_exact,
            "meetings" if group else "hits": listed,
            "facets": result.facets,
        }
        typer.echo(json.dumps(whole, ensure_ascii=False, indent=1))
    elif facets:
        render(_facet_rows(result), FACET_FIELDS, fmt)
    elif group and fmt is Format.jsonl:
        for meeting in _meetings(result.hits):
            typer.echo(json.dumps(meeting, ensure_ascii=False))
    else:
        # csv (and plain json/jsonl): one row per hit, a meeting's hits together.
        hits = result.hits
        if group:
            hits = [hit for _, grouped in group_by_meeting(hits) for hit in grouped]
        render((hit.as_row() for hit in hits), HIT_FIELDS, fmt)


def _council_slug(app_state: AppState, council: str | None) -> str | None:
    if council is None:
        return None
    from indexer.store.councils import council_slug  # SQLAlchemy: only with --council

    return council_slug(app_state.engine, council)


def _has_papers(app_state: AppState) -> bool:
    from indexer.stats import has_papers

    return has_papers(app_state.engine)


def _report(query: str, result: SearchResult, limit: int) -> None:
    """What was searched and how much was found, on stderr."""
    for expansion in result.expansions:
        err_console.print(f"Also searched: {expansion} (--exact turns this off)", highlight=False)
    if not result.total:
        err_console.print(f"No hits for {query}.", highlight=False, markup=False)
        for suggestion in result.suggestions:
            err_console.print(f"Did you mean: {suggestion}", highlight=False)
        return
    shown = len(result.hits)
    # A common word's count is Whoosh's upper estimate unless every hit is read.
    about = "" if result.total_exact else "About "
    every = f"all {result.total}" if result.total_exact else "them all"
    more = f" (--limit 0 shows {every})" if shown < result.total and limit else ""
    hits = "hit" if result.total == 1 else "hits"
    err_console.print(f"{about}{result.total} {hits}, showing {shown}{more}.", highlight=False)
