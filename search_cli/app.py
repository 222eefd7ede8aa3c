"""The `papers` command: global options, error handling, command groups."""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from sqlalchemy.exc import OperationalError
from typer.core import TyperGroup

from indexer import __version__
from indexer.db import describe_operational_error
from indexer.errors import PapersError
from indexer.home import Home
from search_cli.commands import (
    councils,
    crawl,
    db,
    demo,
    export,
    imports,
    index,
    meetings,
    reparse,
    search,
    serve,
    status,
    watch,
)
from search_cli.context import AppState
from search_cli.help_text import install as use_plain_help
from search_cli.help_text import reword
from search_cli.output import err_console

use_plain_help()


class PapersGroup(TyperGroup):
    """Turns PapersError, a locked database or a file error into one plain line and exit 1.

    Also reads `--home DIR` wherever it is on the command line, so
    `papers search x --home D` works as `papers --home D search x` does.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        return super().parse_args(ctx, home_first(args))

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            result = super().invoke(ctx)
            if isinstance(ctx.obj, AppState) and ctx.obj.empty_home_note:
                err_console.print(ctx.obj.empty_home_note, highlight=False, soft_wrap=True)
            return result
        except typer.BadParameter as exc:  # shown by Typer, in plain words
            raise reword(exc) from None
        except PapersError as exc:
            _print_error(str(exc))
            raise typer.Exit(1) from None
        except OperationalError as exc:
            _print_error(describe_operational_error(exc, ""))
            raise typer.Exit(1) from None
        except BrokenPipeError:
            # The reader (head, less) stopped early: nothing to say. Later writes,
            # such as the flush at exit, go nowhere instead of failing again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(1) from None
        except OSError as exc:  # a missing folder, a full disk, no permission
            where = f": {exc.filename}" if exc.filename else ""
            _print_error(f"{exc.strerror or exc}{where}")
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            # Progress displays have stopped on the way here (their `with`
            # blocks exit): one line, instead of a spinner left on screen.
            kept = KEPT_WHEN_INTERRUPTED.get(ctx.invoked_subcommand or "", KEPT_BY_DEFAULT)
            err_console.print(
                f"Interrupted: {kept}; run the same command again to continue.",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(130) from None


# What an interrupted command keeps (every store commits as it goes).
KEPT_BY_DEFAULT = "everything stored before the interruption is kept"
KEPT_WHEN_INTERRUPTED = {
    "crawl": "the meetings and papers collected so far are kept",
    "import": "the files stored so far are kept, and what was read from them",
    "reparse": "the papers read again so far are kept",
    "index": "the search index keeps what was written; searches still work",
}


def home_first(args: list[str]) -> list[str]:
    """Move `--home DIR` / `--home=DIR` given after a command to the front,
    where the top-level option reads it (nothing after `--` is moved)."""
    front: list[str] = []
    rest: list[str] = []
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            rest += [token, *tokens]
        elif token == "--home":
            front += [token, *itertools.islice(tokens, 1)]
        elif token.startswith("--home="):
            front.append(token)
        else:
            rest.append(token)
    return front + rest


def _print_error(message: str) -> None:
    # Escaped: messages quote user input and install hints like "council-papers[parquet]".
    err_console.print(f"[bold red]Error:[/] {escape(message)}", highlight=False, soft_wrap=True)


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
            help=(
                "Folder for all data (database, index, files, logs); also accepted after"
                " the command. Default: ./papers-data"
            ),
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
    source = ctx.get_parameter_source("home")  # typer's own copy of click's enum
    ctx.obj = AppState(
        Home.from_env(home),
        home_given=home is not None,
        home_on_command_line=source is not None and source.name == "COMMANDLINE",
    )


app.command("demo")(demo.demo)
app.add_typer(councils.app, name="councils")
app.command("crawl")(crawl.crawl)
app.command("import")(imports.import_)
# `-word` leaves a word out: single-dash tokens are query words, so -h is not help here.
app.command(
    "search", context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]}
)(search.search)
app.command("meetings")(meetings.meetings)
app.add_typer(meetings.show_app, name="show")
app.add_typer(watch.app, name="watch")
app.command("export")(export.export)
app.command("status")(status.status)
app.command("index")(index.index)
app.command("reparse")(reparse.reparse)
app.add_typer(db.app, name="db")
app.command("serve")(serve.serve)


def main() -> None:
    app()
