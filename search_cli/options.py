"""Options several commands share, declared once so they read the same in help."""

from __future__ import annotations

from typing import Any

import typer


def date_option(help: str, *names: str) -> Any:
    """A YYYY-MM-DD option, parsed into a datetime (a bad date gets typer's one-line error)."""
    return typer.Option(
        *names, formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help=help, show_default=False
    )
