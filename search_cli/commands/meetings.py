"""`papers meetings`, `papers show meeting` and `papers show document`: what
is known about meetings and the papers filed under them."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from indexer.meetings import list_meetings, meeting_detail
from indexer.reading import DocumentReading, PartRead, document_reading
from indexer.store.councils import council_slug
from indexer.store.filestore import FileStore, reader_url
from search_cli.context import state
from search_cli.options import CouncilFilter, SinceFilter, UntilFilter
from search_cli.output import Format, plural, render, to_jsonable, when
from search_cli.reading import meeting_label, reading_lines

show_app = typer.Typer(help="Show one thing in full.", no_args_is_help=True)

MEETING_COLUMNS = (
    "id", "council", "committee", "start", "status", "title", "items", "documents", "url",
)  # fmt: skip


MEETING_TABLE_COLUMNS = ("id", "start", "committee", "status", "items", "documents")


class DetailFormat(StrEnum):
    table = "table"
    json = "json"


def meetings(
    ctx: typer.Context,
    council: CouncilFilter = None,
    committee: Annotated[
        str | None, typer.Option(help="Committee name, or part of it.", show_default=False)
    ] = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """List meetings, earliest first, with how many items and documents each has."""
    engine = state(ctx).engine
    council = council_slug(engine, council)
    rows = list_meetings(
        engine,
        council=council,
        committee=committee,
        since=since.date() if since else None,
        until=until.date() if until else None,
    )
    if fmt is Format.table:
        rows = (row | {"start": when(row["start"])} for row in rows)
    render(rows, MEETING_COLUMNS, fmt, title="Meetings", table_columns=MEETING_TABLE_COLUMNS)


_MAX_ID = 2**63 - 1  # the database's largest id: a longer number is no id


def _meeting_id(text: str) -> int:
    if not text.strip().isdigit() or int(text) > _MAX_ID:
        raise typer.BadParameter(f"{text!r}: a meeting id is a number, as `papers meetings` lists")
    return int(text)


@show_app.command("meeting")
def show_meeting(
    ctx: typer.Context,
    meeting_id: Annotated[
        int,
        typer.Argument(
            metavar="ID", parser=_meeting_id, help="The meeting's id (see papers meetings)."
        ),
    ],
    fmt: Annotated[DetailFormat, typer.Option("--format", help="Output format.")] = (
        DetailFormat.table
    ),
) -> None:
    """A meeting with its items, resolutions, attendance, declarations and documents."""
    app_state = state(ctx)
    detail = meeting_detail(app_state.engine, meeting_id)
    _link_documents(detail, app_state.home.files)
    if fmt is DetailFormat.json:
        typer.echo(json.dumps(detail, default=to_jsonable, indent=2, ensure_ascii=False))
        return
    _print_meeting(detail)


def _link_documents(detail: dict[str, Any], files: FileStore) -> None:
    """Each document's archived copy in this home's file store, and an imported
    paper's link (it has no council URL) to that copy."""
    for d in detail["documents"]:
        d["archived_url"] = files.url(d["file_key"]) if d["file_key"] else None
        d["url"] = reader_url(files, d["url"], d["file_key"])
    for p in detail["parts"]:
        base, mark, page = p["url"].partition("#")
        p["url"] = (reader_url(files, base, p["file_key"]) or base) + mark + page


def _table(title: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> Table:
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for row in rows:
        # Council text is data, never markup: "Budget [/b] update" is a title.
        table.add_row(*(Text("" if value is None else str(value)) for value in row))
    return table


def _pages(start: int | None, end: int | None) -> str:
    if start is None:
        return ""
    return str(start) if end in (None, start) else f"{start}-{end}"


def _print_meeting(detail: dict[str, Any]) -> None:
    console = Console(soft_wrap=False)
    start = when(detail["start"])
    console.print(
        f"Meeting {detail['id']}: {detail['committee'] or detail['title'] or ''} — {start}"
        f" ({detail['status']}), council {detail['council']}",
        highlight=False,
        markup=False,
    )
    for label in ("venue", "url"):
        if detail[label]:
            console.print(f"{label}: {detail[label]}", highlight=False, markup=False)
    rows: list[tuple[Any, ...]] = [
        (
            i["number"],
            i["title"] + (" (exempt)" if i["is_exempt"] else ""),
            _pages(i["page_start"], i["page_end"]),
        )
        for i in detail["items"]
    ]
    console.print(_table("Agenda items", ("number", "title", "pages"), rows))
    _print_items_in_full(console, detail)
    others = [r for r in detail["resolutions"] if not r["item"]]
    if others:
        console.print("Other resolutions")
    elif not detail["resolutions"]:
        console.print("Resolutions: none recorded")
    for r in others:
        _print_resolution(console, r, "- ")
    if detail["attendance"]:
        rows = [(a["role"], a["person"]) for a in detail["attendance"]]
        console.print(_table("Attendance", ("role", "person"), rows))
    if detail["declarations"]:
        rows = [(d["item"], d["person"], d["text"]) for d in detail["declarations"]]
        console.print(_table("Declarations of interest", ("item", "person", "declaration"), rows))
    # One line each, never cut: the title and URL are what a reader cites.
    console.print("Documents" if detail["documents"] else "Documents: none")
    for d in detail["documents"]:
        pages = f", {plural(d['pages'], 'page')}" if d["pages"] else ""
        gone = d["withdrawn_at"]
        if gone:
            pages += f"; no longer listed by the council since {gone:%Y-%m-%d}"
        console.print(
            f"- {d['id']}: {d['title']} ({d['kind']}, text {_text(d)}{pages}) {d['url']}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    if detail["parts"]:
        rows = [
            (p["document"], p["kind"], p["title"], p["pages"], p["url"]) for p in detail["parts"]
        ]
        columns = ("document", "kind", "title", "pages", "url")
        console.print(_table("Also in other documents", columns, rows))


# The minutes of one item in the table; --format json has them whole.
MINUTES_CHARS = 400


def _print_items_in_full(console: Console, detail: dict[str, Any]) -> None:
    """Per item: its decision (its resolutions, or the decision text where none was
    read from it), its minutes cut short, its recorded votes."""
    shown = [i for i in detail["items"] if i["resolutions"] or i["decision"] or i["minutes"]]
    shown += [i for i in detail["items"] if i["votes"] and i not in shown]
    if not shown:
        return
    console.print("Decisions, minutes and votes by item")
    for item in (i for i in detail["items"] if i in shown):
        _say(console, f"{item['number'] or '-'} {item['title']}")
        if item["resolutions"]:
            for r in item["resolutions"]:
                _print_resolution(console, r, "  Decision: ")
        elif item["decision"]:
            _say(console, f"  Decision: {item['decision']}")
        if item["minutes"]:
            _say(console, f"  Minutes: {_cut(item['minutes'], detail['id'])}")
        for vote in item["votes"]:
            _say(console, f"  Recorded vote: {vote}")


def _print_resolution(console: Console, r: dict[str, Any], lead: str) -> None:
    page = f", page {r['page']}" if r["page"] else ""
    _say(console, f"{lead}[{r['kind']}; from {' + '.join(r['sources'])}{page}] {r['text']}")
    # The text usually carries its clauses already; print them only if not.
    if r["clauses"] and r["clauses"][0] not in r["text"]:
        for clause in r["clauses"]:
            _say(console, f"    {clause}")


def _cut(text: str, meeting_id: int) -> str:
    """`text` on one line, cut at a word near MINUTES_CHARS, saying where the rest is."""
    flat = " ".join(text.split())
    if len(flat) <= MINUTES_CHARS:
        return flat
    cut = flat.rfind(" ", 0, MINUTES_CHARS)
    head = flat[: cut if cut > MINUTES_CHARS // 2 else MINUTES_CHARS]
    return (
        f"{head} … ({len(flat):,} characters in all:"
        f" papers show meeting {meeting_id} --format json)"
    )


def _say(console: Console, line: str) -> None:
    """A line of council text: data, never markup."""
    console.print(line, highlight=False, markup=False)


def _text(document: dict[str, Any]) -> str:
    return document["text_status"] + (f": {document['error']}" if document["error"] else "")


def _document_id(text: str) -> int:
    if not text.strip().isdigit() or int(text) > _MAX_ID:
        raise typer.BadParameter(
            f"{text!r}: a document id is a number, as `papers import` and `papers show meeting`"
            " print"
        )
    return int(text)


@show_app.command("document")
def show_document(
    ctx: typer.Context,
    document_id: Annotated[
        int,
        typer.Argument(
            metavar="ID",
            parser=_document_id,
            help="The document's id (papers import and papers show meeting print it).",
        ),
    ],
    fmt: Annotated[DetailFormat, typer.Option("--format", help="Output format.")] = (
        DetailFormat.table
    ),
) -> None:
    """A document: its kind, pages and text, its parts with their pages and the
    meeting and agenda item each is filed under, and what was read from it."""
    app_state = state(ctx)
    reading = document_reading(app_state.engine, document_id)
    # Links for this reader: an imported paper's is its archived copy, here.
    files = app_state.home.files
    archived = files.url(reading.file_key) if reading.file_key else None
    reading.url = reader_url(files, reading.url, reading.file_key) or reading.url
    if fmt is DetailFormat.json:
        detail = asdict(reading) | {"archived_url": archived, "read": reading_lines(reading)}
        typer.echo(json.dumps(detail, default=to_jsonable, indent=2, ensure_ascii=False))
        return
    _print_document(reading, archived)


def _part_item(part: PartRead) -> str:
    """The item's number (its title when it has none), with its meeting when
    that is another (minutes printed under a later meeting's item)."""
    if part.item is None:
        return ""
    label = (part.item.number or "").strip().rstrip(".") or part.item.title
    if part.meeting is not None and part.item.meeting_id not in (None, part.meeting.id):
        label += f" (meeting {part.item.meeting_id})"
    return label


def _print_document(reading: DocumentReading, archived: str | None) -> None:
    console = Console(soft_wrap=False)
    pages = (
        plural(reading.page_count, "page") if reading.page_count is not None else "pages unknown"
    )
    text = reading.text_status + (f": {reading.error}" if reading.error else "")
    console.print(
        f"Document {reading.id}: {reading.title} ({reading.kind}, {pages}, text {text}),"
        f" council {reading.council}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    console.print(
        f"filed under: {meeting_label(reading.meeting)}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    if reading.withdrawn_at:
        console.print(
            f"no longer listed by the council since {reading.withdrawn_at:%Y-%m-%d}",
            highlight=False,
        )
    console.print(f"url: {reading.url}", highlight=False, markup=False, soft_wrap=True)
    if archived and archived != reading.url:
        console.print(f"archived copy: {archived}", highlight=False, markup=False, soft_wrap=True)
    if reading.parts:
        rows: list[tuple[Any, ...]] = [
            (
                part.kind,
                part.title,
                _pages(part.page_start, part.page_end),
                part.meeting.id if part.meeting else "",
                _part_item(part),
            )
            for part in reading.parts
        ]
        console.print(_table("Parts", ("kind", "title", "pages", "meeting", "item"), rows))
    console.print("What was read")
    for line in reading_lines(reading):
        console.print(f"- {line}", highlight=False, markup=False, soft_wrap=True)
