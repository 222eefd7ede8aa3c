"""The `papers` command: global options, error handling, command groups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.exc import OperationalError
from typer.core import TyperGroup

from indexer import __version__
from indexer.db import describe_operational_error
from indexer.errors import PapersError
from indexer.home import Home
from search_cli.commands import db, export, index, search, status, watch
from search_cli.context import AppState
from search_cli.output import err_console


class PapersGroup(TyperGroup):
    """Turns PapersError (and a locked database) into one plain line and exit 1."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except PapersError as exc:
            err_console.print(f"[bold red]Error:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except OperationalError as exc:
            err_console.print(
                f"[bold red]Error:[/] {describe_operational_error(exc, '')}",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=PapersGroup,
    name="papers",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"papers (council-papers) {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            envvar="PAPERS_HOME",
            help="Folder for all data (database, index, files, logs). Default: ./papers-data",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Collect, read, search and watch UK council committee papers.

    All data lives in one home folder (--home or PAPERS_HOME, default
    ./papers-data). DATABASE_URL overrides where the database is kept.
    """
    ctx.obj = AppState(Home.from_env(home))


app.add_typer(db.app, name="db")
app.command("status")(status.status)
app.command("index")(index.index)
app.command("search")(search.search)
app.command("export")(export.export)
app.add_typer(watch.app, name="watch")


def main() -> None:
    app()
