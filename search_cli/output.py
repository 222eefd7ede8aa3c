"""Rendering lists for people (table) and for programs (json, jsonl, csv).

Results go to stdout so `--format json` pipes cleanly; everything else
(progress, messages) goes to stderr.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import IO, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

err_console = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def to_jsonable(value: Any) -> Any:
    """Dates as ISO 8601; everything else as JSON knows it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _cell(value: Any) -> str:
    if isinstance(value, str):  # most cells: skip the conversions (exports call this per cell)
        return value
    value = to_jsonable(value)
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# When the tool did something: stored in UTC (meeting times are the council's own).
UTC_COLUMNS = frozenset(
    {"created_at", "first_seen", "last_seen", "last_changed", "fetched_at", "last_crawled"}
    | {"last_run_at", "last_success_at", "started", "finished"}
)


def _header(column: str) -> str:
    label = column.replace("_", " ")
    return f"{label} (UTC)" if column in UTC_COLUMNS else label


def plural(count: int, noun: str) -> str:
    """ "1 page", "2 pages"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def when(value: datetime | None) -> str:
    """A meeting's start for people: "2026-03-10 14:00", or the date alone when
    no time is known (papers that print none are stored at midnight)."""
    if value is None:
        return "date unknown"
    if value.time() == datetime.min.time():
        return value.date().isoformat()
    return value.isoformat(sep=" ", timespec="minutes")


def _table_cell(value: Any) -> str:
    # Still ISO 8601, without seconds, so a date and time fit a narrow column.
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return _cell(value)


def render(
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    fmt: Format,
    *,
    title: str | None = None,
    out: IO[str] | None = None,
    excel: bool = False,
    table_columns: Sequence[str] | None = None,
) -> int:
    """Write rows in the chosen format; returns how many were written.

    `table_columns` narrows the table for people (a terminal is 80 columns);
    programs always get every column.

    Rows are consumed one at a time for json/jsonl/csv, so a generator over a
    large query streams with flat memory.
    """
    stream = out or sys.stdout
    count = 0
    if fmt is Format.table:
        columns = table_columns or columns
        cells = [[_table_cell(row.get(c)) for c in columns] for row in rows]
        table = Table(title=title, show_lines=False)
        for n, column in enumerate(columns):
            # The first column names the row (a slug, an id, a watch) and is
            # what people type next: it is never cut short.
            widest = max((len(line[0]) for line in cells), default=0) if n == 0 else None
            table.add_column(_header(column), min_width=min(widest or 0, 40) or None)
        for line in cells:
            table.add_row(*(Text(cell) for cell in line))  # data, never markup
        Console(file=stream, soft_wrap=False).print(table)
        return len(cells)
    if fmt is Format.csv:
        if excel:
            stream.write("\ufeff")
        writer = csv.writer(stream)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
            count += 1
        return count
    if fmt is Format.jsonl:
        for row in rows:
            stream.write(
                json.dumps({c: to_jsonable(row.get(c)) for c in columns}, ensure_ascii=False) + "\n"
            )
            count += 1
        return count
    # json: a streamed array, one object per line.
    stream.write("[")
    for row in rows:
        stream.write(",\n" if count else "\n")
        stream.write(json.dumps({c: to_jsonable(row.get(c)) for c in columns}, ensure_ascii=False))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count
