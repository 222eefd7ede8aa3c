"""`papers watch`: saved searches that report what is new after each crawl."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer

from indexer.errors import UsageError
from indexer.models import utcnow
from indexer.store.councils import council_slug
from indexer.watch.atom import write_atom
from indexer.watch.email import EmailSender, SmtpSettings
from indexer.watch.manage import add_watch, delete_watch, list_watches, show_watch
from indexer.watch.matching import WatchQuery
from indexer.watch.report import WatchReport, write_hit, write_json, write_text
from indexer.watch.run import Sender, output_channel, run_watches
from indexer.watch.webhook import WebhookSender
from search_cli.commands.search import Kind
from search_cli.context import state
from search_cli.options import CouncilFilter
from search_cli.output import UTC_COLUMNS, Format, err_console, render, to_jsonable

app = typer.Typer(
    help="Saved searches that tell you, after each crawl, exactly what is new.",
    no_args_is_help=True,
)

LIST_COLUMNS = [
    "name",
    "query",
    "council",
    "committee",
    "kinds",
    "upcoming_only",
    "hits",
    "created_at",
    "last_run_at",
    "last_success_at",
]
# The table folds the filters into one column to fit a terminal; json and
# csv have every column.
TABLE_COLUMNS = ["name", "query", "filters", "hits", "last_run_at"]
HIT_COLUMNS = [
    "first_seen",
    "kind",
    "council",
    "committee",
    "meeting_date",
    "item_number",
    "title",
    "change",
    "url",
]


class TlsMode(StrEnum):
    none = "none"
    starttls = "starttls"
    ssl = "ssl"


class RunFormat(StrEnum):
    text = "text"
    json = "json"
    atom = "atom"


def _say(message: str) -> None:
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)


@app.command()
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="A short name, e.g. edge-of-care.")],
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY", help='The search, as for `papers search` ("edge of care").'
        ),
    ],
    council: CouncilFilter = None,
    committee: Annotated[str | None, typer.Option(help="Only committees with these words.")] = None,
    kind: Annotated[
        list[Kind] | None, typer.Option("--kind", help="Only these kinds of hit (repeatable).")
    ] = None,
    upcoming_only: Annotated[
        bool, typer.Option("--upcoming-only", help="Only meetings from today on.")
    ] = False,
    backfill: Annotated[
        bool,
        typer.Option("--backfill", help="Report what already matches on the next run, too."),
    ] = False,
) -> None:
    """Save a search. What matches now counts as seen, unless --backfill."""
    app_state = state(ctx)
    watch = WatchQuery(
        query=query,
        council=council_slug(app_state.engine, council),
        committee=committee,
        kinds=tuple(k.value for k in kind or ()),
        upcoming_only=upcoming_only,
    )
    count = add_watch(
        app_state.engine, app_state.home, name, watch, backfill=backfill, progress=_say
    )
    then = (
        "the next `papers watch run` reports them"
        if backfill
        else "they count as seen: `papers watch run` reports only what is new"
    )
    _say(f"Added watch {name}: {count} matching now; {then}.")


@app.command("list")
def list_(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """List the watches, with how many hits each has reported."""
    rows = list_watches(state(ctx).engine)
    if not rows and fmt is Format.table:
        _say('No watches yet. Add one with: papers watch add NAME "QUERY"')
        return
    if fmt is Format.table:
        rows = [row | {"filters": _filters(row)} for row in rows]
        render(rows, TABLE_COLUMNS, fmt, title="Watches")
        return
    render(rows, LIST_COLUMNS, fmt)


def _filters(row: dict[str, Any]) -> str:
    """ "council sampleshire; kinds item, resolution; upcoming only", or "none"."""
    parts = [f"{name} {row[name]}" for name in ("council", "committee") if row[name]]
    if row["kinds"]:
        parts.append("kinds " + ", ".join(row["kinds"]))
    if row["upcoming_only"]:
        parts.append("upcoming only")
    return "; ".join(parts) or "none"


@app.command()
def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The watch.")],
    limit: Annotated[int, typer.Option(min=0, help="How many recent hits (0 = all).")] = 20,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """Show a watch and its most recent hits, newest first."""
    settings, hits = show_watch(state(ctx).engine, name, limit)
    if fmt is Format.json:
        render([settings | {"recent_hits": hits}], [*settings, "recent_hits"], fmt)
        return
    if fmt is Format.table:
        for key, value in settings.items():
            shown = ", ".join(value) or "all" if isinstance(value, list) else to_jsonable(value)
            utc = " UTC" if key in UTC_COLUMNS and shown else ""
            typer.echo(f"{key.replace('_', ' ')}: {'' if shown is None else shown}{utc}")
        if not hits:
            typer.echo("No hits reported yet.")
            return
        typer.echo(f"\nRecent hits, newest first ({len(hits)} shown):")
        for hit in hits:
            write_hit(hit, sys.stdout)
            typer.echo(f"  Found: {hit['first_seen'].replace('T', ' ')} UTC")
        return
    render(hits, HIT_COLUMNS, fmt)


@app.command()
def remove(
    ctx: typer.Context, name: Annotated[str, typer.Argument(metavar="NAME", help="The watch.")]
) -> None:
    """Delete a watch and its history of hits."""
    delete_watch(state(ctx).engine, name)
    _say(f"Removed watch {name}.")


def _senders(email: list[str], webhook: list[str], smtp: SmtpSettings) -> list[Sender]:
    senders: list[Sender] = [EmailSender(smtp, address) for address in email]
    senders += [WebhookSender(url) for url in webhook]
    return senders


def _write(fmt: RunFormat, reports: list[WatchReport], stream: IO[str]) -> None:
    if fmt is RunFormat.atom:
        write_atom(reports, stream, utcnow())
    elif fmt is RunFormat.json:
        write_json(reports, stream)
    else:
        write_text(reports, stream)


def _output(fmt: RunFormat, path: Path | None) -> Callable[[list[WatchReport]], None]:
    def output(reports: list[WatchReport]) -> None:
        if path is None:
            _write(fmt, reports, sys.stdout)
            return
        # Written aside and renamed, so a feed reader never sees half a file.
        partial = path.with_name(path.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8") as stream:
                _write(fmt, reports, stream)
            os.replace(partial, path)
        except OSError as exc:
            raise UsageError(f"Cannot write {path}: {exc.strerror or exc}") from exc

    return output


@app.command()
def run(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(metavar="NAME", help="Watches to run (default: all).", show_default=False),
    ] = None,
    fmt: Annotated[
        RunFormat,
        typer.Option("--format", help="text for people, json for programs, atom for a feed."),
    ] = RunFormat.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")
    ] = None,
    email: Annotated[
        list[str] | None,
        typer.Option("--email", metavar="ADDRESS", help="Also e-mail what is new (repeatable)."),
    ] = None,
    smtp_host: Annotated[
        str, typer.Option(envvar="PAPERS_SMTP_HOST", help="SMTP server.")
    ] = "localhost",
    smtp_port: Annotated[
        int | None,
        typer.Option(
            envvar="PAPERS_SMTP_PORT", help="Default 25, 587 with starttls, 465 with ssl."
        ),
    ] = None,
    smtp_user: Annotated[
        str | None, typer.Option(envvar="PAPERS_SMTP_USER", help="Log in as this user.")
    ] = None,
    smtp_password: Annotated[
        str | None,
        typer.Option(envvar="PAPERS_SMTP_PASSWORD", help="Better set in the environment."),
    ] = None,
    smtp_tls: Annotated[
        TlsMode, typer.Option(envvar="PAPERS_SMTP_TLS", help="none, starttls or ssl.")
    ] = TlsMode.none,
    email_from: Annotated[
        str | None, typer.Option(envvar="PAPERS_EMAIL_FROM", help="From: address.")
    ] = None,
    webhook: Annotated[
        list[str] | None,
        typer.Option("--webhook", metavar="URL", help="Also POST what is new as JSON."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be sent; send and mark nothing.")
    ] = False,
) -> None:
    """Report what is new for each watch since it last reported.

    Updates the search index first. Each destination (the output, each
    e-mail address, each webhook) gets each hit once; a failed delivery is
    reported and retried on the next run. Exit code 1 when a delivery failed.
    """
    smtp = SmtpSettings(
        host=smtp_host,
        port=smtp_port,
        user=smtp_user,
        password=smtp_password,
        tls=smtp_tls.value,
        sender=email_from,
    )
    senders = _senders(email or [], webhook or [], smtp)
    app_state = state(ctx)
    summary = run_watches(
        app_state.engine,
        app_state.home,
        names or [],
        output=_output(fmt, output),
        output_to=output_channel(output),
        feed=fmt is RunFormat.atom,
        senders=senders,
        dry_run=dry_run,
        progress=_say,
    )
    for delivery in summary.deliveries:
        what = f"{delivery.count} hits of {delivery.watch} to {delivery.channel}"
        again = (
            f" again (notice {delivery.notice}: an earlier run was stopped or failed while"
            " sending it, so the receiver may have it already and can drop it by that id)"
            if delivery.again
            else ""
        )
        if dry_run:
            _say(f"Would send {what}{again}")
        elif delivery.error:
            _say(f"Delivery failed: {delivery.error}; {what} kept for the next run")
        else:
            _say(f"Sent {what}{again}")
    if dry_run:
        _say("Dry run: nothing was sent or marked as seen.")
    if summary.failures:
        raise typer.Exit(1)
