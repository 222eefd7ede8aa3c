"""`papers status`: what is stored, and how the last crawls went."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from indexer.errors import UsageError
from indexer.extract import ocr
from indexer.stats import FAILURE_COLUMNS, TOTALS, collect_status, failures
from search_cli.context import state
from search_cli.output import Format, render, to_jsonable

FULL_LIST = "papers status --failures"


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
    list_failures: Annotated[
        bool,
        typer.Option(
            "--failures",
            help="List every failed document and page, with its reason, instead of the report.",
        ),
    ] = False,
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            help="table for people, json for programs; jsonl and csv with --failures.",
        ),
    ] = Format.table,
) -> None:
    """Show counts of what is stored, whether the search index exists, each
    council's last crawl, and the first failures with their reasons."""
    app_state = state(ctx)
    if list_failures:
        rows, _total = failures(app_state.engine)
        render(rows, FAILURE_COLUMNS, fmt, title="Failures")
        return
    if fmt in (Format.jsonl, Format.csv):
        raise UsageError(f"--format {fmt.value} lists rows: use it with --failures")
    report = collect_status(app_state.engine, app_state.home)
    if fmt is Format.json:
        more = report["failures_total"] - len(report["failures"])
        report["failures_more"] = f"{more} more: {FULL_LIST} --format json" if more else None
        typer.echo(json.dumps(report, default=to_jsonable, indent=2))
        return
    console = Console()
    totals = Table(title=f"papers home: {report['home']}", show_header=False)
    for key in TOTALS:
        totals.add_row(key.replace("_", " "), str(report[key]))
    by_status = ", ".join(f"{k} {v}" for k, v in report["documents_by_text_status"].items() if v)
    totals.add_row("document text", by_status or "-")
    index_state = (
        "not built"
        if not report["index_present"]
        else "behind the database: run `papers index`"
        if report["index_behind"]
        else "up to date"
    )
    totals.add_row("search index", f"{report['search_backend']}, {index_state}")
    totals.add_row("database", report["database"])
    files = report["files"] + (" (PAPERS_FILES)" if report["files_shared"] else "")
    totals.add_row("stored files", files)
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
    _print_failures(console, report["failures"], report["failures_total"])


def _print_failures(console: Console, shown: list[dict[str, str]], total: int) -> None:
    if not total:
        return
    console.print(f"Failures ({total}):", highlight=False)
    for row in shown:
        console.print(
            f"  {row['council']}: {row['url']} — {row['status']}: {row['reason']}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    if total > len(shown):
        console.print(f"  ... and {total - len(shown)} more: {FULL_LIST}", highlight=False)
