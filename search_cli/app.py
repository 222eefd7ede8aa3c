"""The `papers` command: global options, error handling, command groups."""

from __future__ import annotations

import importlib
import itertools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeGuard

import typer
from rich.markup import escape
from typer.core import TyperCommand, TyperGroup

from indexer import __version__
from indexer.errors import PapersError
from indexer.home import Home
from search_cli.context import AppState
from search_cli.help_text import install as use_plain_help
from search_cli.help_text import reword
from search_cli.output import err_console

if TYPE_CHECKING:
    from sqlalchemy.exc import OperationalError

# Each command's module is imported only when that command runs (or when the
# README reference asks for all of them): `papers --help` must not pay for
# Scrapy, Whoosh, SQLAlchemy and Alembic. Name -> (module in search_cli.commands,
# attribute, the summary `papers --help` lists; tests/test_startup.py checks
# it against the command's own help).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "demo": (
        "demo",
        "demo",
        "Show the whole job on a bundled sample council, offline, in under a minute.",
    ),
    "crawl": (
        "crawl",
        "crawl",
        "Collect meetings, agenda items, decisions, minutes and documents.",
    ),
    "enqueue": (
        "queue",
        "enqueue",
        "Put one crawl job per council on the job queue, for `papers worker`s to run.",
    ),
    "worker": (
        "queue",
        "worker",
        "Take crawl jobs from the job queue and run them, one at a time, until stopped.",
    ),
    "import": (
        "imports",
        "import_",
        "Import local papers (an FOI response, a pack sent by email) into a council.",
    ),
    "search": (
        "search",
        "search",
        "Search agenda items, resolutions, document pages and work programmes.",
    ),
    "meetings": (
        "meetings",
        "meetings",
        "List meetings, earliest first, with how many items and documents each has.",
    ),
    "export": (
        "export",
        "export",
        "Export a table with council, committee and meeting date on every row.",
    ),
    "status": (
        "status",
        "status",
        "Show counts of what is stored, whether the search index exists, each "
        "council's last crawl, and the first failures with their reasons.",
    ),
    "index": ("index", "index", "Update the search index from the database."),
    "process": (
        "process",
        "process",
        "Read the stored papers not read yet, then update the search index.",
    ),
    "reparse": (
        "reparse",
        "reparse",
        "Run the parsers over stored text again, without downloading anything.",
    ),
    "councils": ("councils", "app", "Add, list and remove the councils papers collects from."),
    "show": ("meetings", "show_app", "Show one thing in full."),
    "watch": (
        "watch",
        "app",
        "Saved searches that tell you, after each crawl, exactly what is new.",
    ),
    "db": (
        "db",
        "app",
        "Database maintenance (migrations run automatically; this is rarely needed).",
    ),
    "serve": (
        "serve",
        "serve",
        "Serve search, meetings, councils, watches, feeds and exports as a web page.",
    ),
}
# `-word` leaves a word out: single-dash tokens are query words, so -h is not help here.
COMMAND_SETTINGS: dict[str, dict[str, Any]] = {
    "search": {"ignore_unknown_options": True, "help_option_names": ["--help"]},
}


def load_command(name: str) -> Any:
    """The click command for `name`, made by Typer from its module as registered."""
    module_name, attribute, _ = COMMANDS[name]
    target = getattr(importlib.import_module(f"search_cli.commands.{module_name}"), attribute)
    holder = typer.Typer(rich_markup_mode=None, add_completion=False)
    holder.callback()(lambda: None)  # a group, so the command keeps its own name
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name, context_settings=COMMAND_SETTINGS.get(name))(target)
    return typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]


use_plain_help()


class PapersGroup(TyperGroup):
    """Turns PapersError, a locked database or a file error into one plain line and exit 1.

    Also reads `--home DIR` wherever it is on the command line, so
    `papers search x --home D` works as `papers --home D search x` does.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        return super().parse_args(ctx, home_first(args))

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return list(COMMANDS)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        # The summaries, without importing every command to read its help.
        width = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, TyperCommand(name, help=summary).get_short_help_str(width))
            for name, (_, _, summary) in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

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
        except BrokenPipeError:
            # The reader (head, less) stopped early: nothing to say. Later writes,
            # such as the flush at exit, go nowhere instead of failing again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(1) from None
        except OSError as exc:  # a missing folder, a full disk, no permission
            where = f": {exc.filename}" if exc.filename else ""
            _print_error(f"{exc.strerror or exc}{where}")
            raise typer.Exit(1) from None
        except Exception as exc:  # a locked or unreadable database
            if not _is_database_error(exc):
                raise
            from indexer.db import describe_operational_error

            _print_error(describe_operational_error(exc, ""))
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


def _is_database_error(exc: Exception) -> TypeGuard[OperationalError]:
    # Only a command that opened the database can raise SQLAlchemy's errors,
    # so SQLAlchemy is looked up, not imported, here.
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.OperationalError)


# What an interrupted command keeps (every store commits as it goes).
KEPT_BY_DEFAULT = "everything stored before the interruption is kept"
KEPT_WHEN_INTERRUPTED = {
    "crawl": "the meetings and papers collected so far are kept",
    "import": "the files stored so far are kept, and what was read from them",
    "process": "the papers read so far are kept",
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


def main() -> None:
    app()
