"""`papers reparse`: read stored text again after a parser improved."""

from __future__ import annotations

from typing import Annotated

import typer

from indexer.errors import UsageError
from indexer.extract import ocr
from indexer.process import describe_new, extract_documents, parse_documents, read_scans_again
from indexer.store.councils import council_slug
from search_cli.commands.index import after_change
from search_cli.context import state
from search_cli.options import CouncilFilter
from search_cli.output import err_console, plural


def reparse(
    ctx: typer.Context,
    council: CouncilFilter = None,
    everything: Annotated[
        bool,
        typer.Option("--all", help="Parse every document again, not only those not yet parsed."),
    ] = False,
    read_by_ocr: Annotated[
        bool,
        typer.Option(
            "--ocr",
            help="First read the stored scans (PDF pages without text) by OCR, then parse them.",
        ),
    ] = False,
    no_index: Annotated[
        bool, typer.Option("--no-index", help="Do not update the search index.")
    ] = False,
) -> None:
    """Run the parsers over stored text again, without downloading anything."""
    app_state = state(ctx)
    council = council_slug(app_state.engine, council)
    if read_by_ocr:
        if not ocr.available():
            raise UsageError(f"OCR is not installed here: {ocr.INSTALL} and run this again")
        marked = read_scans_again(app_state.engine, council)
        with err_console.status(f"Reading {plural(marked, 'scanned document')} by OCR..."):
            read = extract_documents(app_state.engine, app_state.home, council)
        statuses = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in sorted(read.items()))
        err_console.print(
            f"Read {plural(marked, 'document')} with scanned pages again"
            + (f": {statuses}" if statuses else "")
            + ".",
            highlight=False,
        )
    counts = parse_documents(app_state.engine, council, everything=everything, home=app_state.home)
    documents = counts.get("documents", 0)
    failed = counts.get("parse_failed", 0)
    summary = f"Reparsed {plural(documents, 'document')}; new: {describe_new(counts) or 'nothing'}"
    if failed:
        summary += f"; {failed} could not be parsed"
    err_console.print(summary + ".", highlight=False)
    after_change(app_state, index=not no_index)
