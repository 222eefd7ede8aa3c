"""Options several commands share, declared once so they read the same in help."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer


def parse_date(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d")
    except ValueError:
        raise typer.BadParameter(f"{text!r}: use YYYY-MM-DD, e.g. 2026-03-10") from None


def date_option(help: str, *names: str) -> Any:
    """A YYYY-MM-DD option, parsed into a datetime, with a plain error for anything else."""
    return typer.Option(
        *names, parser=parse_date, metavar="YYYY-MM-DD", help=help, show_default=False
    )


# The filters several commands take, with one meaning (and one help text) each.
CouncilFilter = Annotated[
    str | None,
    typer.Option(
        "--council",
        metavar="NAME",
        help="Only this council (short or full name).",
        show_default=False,
    ),
]
SinceFilter = Annotated[datetime | None, date_option("Meetings on or after this date.")]
UntilFilter = Annotated[datetime | None, date_option("Meetings on or before this date.")]

# What to crawl: `papers crawl` and `papers enqueue` take these alike.
CrawlCommittee = Annotated[
    str | None,
    typer.Option("--committee", help="Only committees whose name contains this text (any case)."),
]
NoDownload = Annotated[
    bool, typer.Option("--no-download", help="Collect meetings only; fetch no documents.")
]
