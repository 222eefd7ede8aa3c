"""`papers status`: what is stored, and how the last crawls went."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from indexer.extract import ocr
from indexer.stats import collect_status
from search_cli.context import state
from search_cli.output import to_jsonable


class StatusFormat(StrEnum):
    table = "table"
    json = "json"


def describe_counts(counts: dict[str, int]) -> str:
    """{"meetings_new": 3, "meetings_changed": 1} -> "meetings: 3 new, 1 changed"."""
    groups: dict[str, list[str]] = {}
    for key, value in counts.items():
        noun, _, what = key.partition("_")
        groups.setdefault(noun, []).append(f"{value} {what.replace('_', ' ')}".strip())
    return "\n".join(f"{noun}: {', '.join(parts)}" for noun, parts in groups.items())


def _ocr_line(scans: int) -> str:
    """One line on the scans nothing could be read from: how to read them by OCR."""
    what = f"{scans} scanned {'paper has' if scans == 1 else 'papers have'} no text"
    if ocr.available():
        return f"{what} yet: run `papers reparse --ocr` to read them by OCR."
    return f"{what}: to read them by OCR, {ocr.HOW_TO_ENABLE}."


def status(
    ctx: typer.Context,
    fmt: Annotated[
        StatusFormat, typer.Option("--format", help="table for people, json for programs.")
    ] = StatusFormat.table,
) -> None:
    """Show counts of what is stored, whether the search index exists, and each
    council's last crawl with its failures."""
    app_state = state(ctx)
    report = collect_status(app_state.engine, app_state.home)
    if fmt is StatusFormat.json:
        typer.echo(json.dumps(report, default=to_jsonable, indent=2))
        return
    console = Console()
    totals = Table(title=f"papers home: {report['home']}", show_header=False)
    for key in (
        "councils",
        "committees",
        "meetings",
        "documents",
        "agenda_items",
        "resolutions",
        "work_programme_entries",
    ):
        totals.add_row(key.replace("_", " "), str(report[key]))
    by_status = ", ".join(f"{k} {v}" for k, v in report["documents_by_text_status"].items() if v)
    totals.add_row("document text", by_status or "-")
    totals.add_row("search index", "present" if report["index_present"] else "not built")
    console.print(totals)
    if report["scans_without_ocr"]:
        console.print(_ocr_line(report["scans_without_ocr"]), markup=False, soft_wrap=True)
    if not report["last_crawls"]:
        console.print("No councils yet. Add one with: papers councils add NAME-OR-URL")
        return
    crawls = Table(title="Last crawl per council")
    for column in ("council", "finished (UTC)", "status", "counts", "failures"):
        crawls.add_column(column)
    for run in report["last_crawls"]:
        finished = to_jsonable(run["finished"])
        crawls.add_row(
            run["council"],
            str(finished)[:16].replace("T", " ") if finished else "-",
            run["status"],
            describe_counts(run["counts"]),
            str(len(run["errors"])),
        )
    console.print(crawls)
    for run in report["last_crawls"]:
        for error in run["errors"][:20]:
            console.print(
                f"  {run['council']}: {error.get('url')} — {error.get('reason')}", highlight=False
            )
