"""`papers db`: database maintenance."""

from __future__ import annotations

import typer

from indexer.db import current_revision, head_revision
from search_cli.context import state

app = typer.Typer(
    help="Database maintenance (migrations run automatically; this is rarely needed).",
    no_args_is_help=True,
)


@app.command()
def upgrade(ctx: typer.Context) -> None:
    """Bring the database schema up to date."""
    engine = state(ctx).engine  # opening migrates
    typer.echo(f"Database at revision {current_revision(engine)} (head {head_revision()}).")
