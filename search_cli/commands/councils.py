"""`papers councils`: add, list and remove the councils to collect from."""

from __future__ import annotations

from typing import Annotated

import typer

from indexer.store.councils import list_councils, remove_council
from scraper.councils import BUILT_IN, add_from
from search_cli.context import state
from search_cli.output import Format, err_console, render

app = typer.Typer(
    help="Add, list and remove the councils papers collects from.", no_args_is_help=True
)

COLUMNS = ("slug", "name", "platform", "base_url", "meetings", "documents", "last_crawled")


@app.command()
def add(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(
            metavar="URL|NAME",
            help="The council's committee papers site (e.g. https://moderngov.kingston.gov.uk)"
            f" or a built-in name: {', '.join(sorted(BUILT_IN))}.",
        ),
    ],
    slug: Annotated[
        str | None, typer.Option(help="Short name used in commands. Default: from the site.")
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Council name. Default: from the site's title.")
    ] = None,
) -> None:
    """Add a council: checks the site is ModernGov and works out its name."""
    site = add_from(state(ctx).engine, target, slug=slug, name=name)
    err_console.print(
        f"Added [bold]{site.slug}[/]: {site.name} ({site.base_url}). "
        f"Collect its papers with: papers crawl {site.slug}",
        highlight=False,
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """List the councils in this home with what is stored for each."""
    render(
        list_councils(state(ctx).engine),
        COLUMNS,
        fmt,
        title="Councils",
        table_columns=("slug", "name", "meetings", "documents", "last_crawled"),
    )


@app.command()
def remove(
    ctx: typer.Context,
    slug: Annotated[
        str,
        typer.Argument(
            metavar="SLUG", help="The council's short name (see `papers councils list`)."
        ),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove a council and everything stored for it (downloaded files stay in the file store)."""
    engine = state(ctx).engine
    if not yes and not typer.confirm(
        f"Remove {slug} and all its meetings, items and documents?", err=True
    ):
        err_console.print("Nothing removed.")
        raise typer.Exit(1)
    remove_council(engine, slug)
    err_console.print(f"Removed {slug}.", highlight=False)
