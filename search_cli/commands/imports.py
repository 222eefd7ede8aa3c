"""`papers import`: add local PDF, DOCX, HTML or TXT files to a council."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from indexer.store.imports import ImportOutcome, files_in, import_files
from search_cli.commands.index import after_change
from search_cli.context import state
from search_cli.options import date_option
from search_cli.output import err_console, plural
from search_cli.progress import reading_progress
from search_cli.reading import change_lines, meeting_label, reading_lines


def describe(outcome: ImportOutcome) -> str:
    """One line per file: what it became and what was read from its text."""
    if outcome.council is not None:
        return (
            f"{outcome.path}: already imported as document {outcome.document_id}"
            f" for council {outcome.council}; nothing changed"
        )
    if not outcome.new and not outcome.reread:
        return (
            f"{outcome.path}: already imported as document {outcome.document_id}; nothing changed"
        )

    def mark(name: str) -> str:
        return " (detected)" if name in outcome.detected else ""

    count = outcome.page_count
    pages = plural(count, "page") if count is not None else "pages unknown"
    text = outcome.text_status + (f": {outcome.error}" if outcome.error else "")
    where = (
        f"meeting {outcome.meeting_id}, {outcome.committee or 'no committee'}{mark('committee')}"
        f" on {outcome.meeting_date.isoformat()}{mark('date')}"
        if outcome.meeting_id is not None and outcome.meeting_date is not None
        else "no meeting (no date given or found; use --date YYYY-MM-DD)"
    )
    again = " read again" if outcome.reread else ""
    return (
        f"{outcome.path}: document {outcome.document_id}{again}, {outcome.kind}{mark('kind')}, "
        f"{pages}, text {text}; {where}"
    )


def describe_reading(outcome: ImportOutcome) -> list[str]:
    """The lines under a file's line: what was read from it (for a file read
    again, what changed), indented."""
    if outcome.reading is None or (not outcome.new and not outcome.reread):
        return []
    if outcome.reread and outcome.before is not None:
        lines = change_lines(outcome.before, outcome.reading)
        lines += [
            f"removed {meeting_label(m)}: nothing else is filed under it"
            for m in outcome.removed_meetings
        ]
        lines += [
            f"removed committee {name}: it has no meetings left"
            for name in outcome.removed_committees
        ]
    else:
        lines = reading_lines(outcome.reading)
    return [f"  {line}" for line in lines]


def import_(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH",
            help="PDF, DOCX, HTML or TXT files, or folders of them (subfolders included).",
            show_default=False,
        ),
    ],
    council: Annotated[
        str,
        typer.Option(
            "--council",
            help="Council slug; a new slug is added as a local council.",
            show_default=False,
        ),
    ],
    committee: Annotated[
        str | None, typer.Option(help="Committee name (default: read from the text).")
    ] = None,
    date: Annotated[
        datetime | None,
        date_option("The meeting date (default: read from the text).", "--date"),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="agenda, agenda_pack, minutes, report, ... (default: from the text)."),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Title (default: the file name).")] = None,
    no_index: Annotated[
        bool, typer.Option("--no-index", help="Do not update the search index.")
    ] = False,
) -> None:
    """Import local papers (an FOI response, a pack sent by email) into a council.

    A folder gives every such file in it and its subfolders, in order of
    their paths (numbers in names in numeric order); other files in it are
    skipped and named. Kind, committee and meeting date are read from the
    text when not given.
    Under each file's line is what was read from it: agenda items, minutes,
    resolutions, attendance, work programme entries, reports filed under items.
    Importing the same file again changes nothing, unless a --kind,
    --committee or --date given differs from before: then it is placed and
    read again, and the output says what changed. An import that was
    stopped is finished by running it again.
    """
    app_state = state(ctx)
    files, skipped = files_in(paths)
    if skipped:
        names = ", ".join(str(path) for path in skipped)
        err_console.print(
            f"Skipped {plural(len(skipped), 'file')} papers does not read: {names}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    with reading_progress(council) as progress:
        outcomes = import_files(
            app_state.engine,
            app_state.home,
            files,
            council,
            committee=committee,
            meeting_date=date.date() if date else None,
            kind=kind,
            title=title,
            progress=progress,
        )
    for outcome in outcomes:
        typer.echo(describe(outcome))
        for line in describe_reading(outcome):
            typer.echo(line)
    after_change(app_state, index=not no_index)
