"""`papers export TABLE`: a table as CSV, JSON Lines, JSON or Parquet, one flat row each."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from indexer.errors import UsageError
from indexer.export import TABLES, ExportFilters, export_columns, export_rows, write_parquet
from search_cli.context import state
from search_cli.options import CouncilFilter, SinceFilter, UntilFilter
from search_cli.output import Format, err_console, render


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    json = "json"
    parquet = "parquet"


def export(
    ctx: typer.Context,
    table: Annotated[
        str,
        typer.Argument(metavar="TABLE", help=f"One of: {', '.join(TABLES)}.", show_default=False),
    ],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Output format.")] = (
        ExportFormat.csv
    ),
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file, not stdout.", dir_okay=False),
    ] = None,
    excel: Annotated[
        bool,
        typer.Option("--excel", help="Start CSV with a byte-order mark so Excel reads UTF-8."),
    ] = False,
    council: CouncilFilter = None,
    committee: Annotated[
        str | None, typer.Option(help="Only committees whose name contains this.")
    ] = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
) -> None:
    """Export a table with council, committee and meeting date on every row.

    Rows stream straight from the database, so any size exports in flat
    memory. Work-programme rows are filtered by their planned date.
    """
    if table not in TABLES:
        raise UsageError(f"No export called {table!r}", hint=f"choose one of: {', '.join(TABLES)}")
    if excel and fmt is not ExportFormat.csv:
        raise UsageError("--excel only applies to --format csv")
    if fmt is ExportFormat.parquet and output is None:
        raise UsageError("Parquet is binary: give a file with --output")
    filters = ExportFilters(
        council=council,
        committee=committee,
        since=since.date() if since else None,
        until=until.date() if until else None,
    )
    app_state = state(ctx)
    rows = export_rows(app_state.engine, table, filters, files=app_state.home.files)
    if fmt is ExportFormat.parquet:
        assert output is not None
        count = write_parquet(rows, table, output)
    elif output is None:
        count = render(rows, export_columns(table), Format(fmt.value), out=sys.stdout, excel=excel)
    else:
        # newline="" so the csv module's \r\n row endings are written as they are.
        with output.open("w", encoding="utf-8", newline="") as stream:
            count = render(rows, export_columns(table), Format(fmt.value), out=stream, excel=excel)
    if output is not None:
        err_console.print(f"Exported {count} {table} rows to {output}", highlight=False)
