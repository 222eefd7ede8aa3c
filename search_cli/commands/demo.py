"""`papers demo`: the whole job on the bundled sample council, offline.

The demo runs the real commands, in this process, against the fictional
Sampleshire County Council served on 127.0.0.1, printing each command line
before it runs so a newcomer learns what to type for a real council.
"""

from __future__ import annotations

import json
import os
import shlex
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from indexer.errors import PapersError
from indexer.home import Home
from indexer.models import Council, Meeting, Resolution, Watch
from scraper.run import SETTINGS_ENV
from search_cli.commands.serve import web_extra_installed
from search_cli.context import AppState, state
from search_cli.output import err_console

# The sample site is our own server on loopback: no need for a polite pace.
FAST_LOCAL_CRAWL = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}
INTERRUPTED = 130  # the exit status of a command stopped by Ctrl-C (search_cli/app.py)


class DemoError(PapersError):
    """A step of the demo failed."""


def demo(ctx: typer.Context) -> None:
    """Show the whole job on a bundled sample council, offline, in under a minute.

    Serves the fictional Sampleshire County Council on 127.0.0.1, adds it,
    crawls it, reads and indexes its papers, searches them, shows a meeting,
    and sets up a watch that fires when a new meeting is published. Uses a
    new temporary home folder unless --home is given, with its own database
    in it (PAPERS_HOME, DATABASE_URL and PAPERS_FILES are left alone: the demo
    never writes into your archive). Run again with the same --home, it serves the council
    afresh and carries on.
    """
    # Imported here: the sample site's PDF writer (fpdf2) is a quarter of a
    # second every other command would pay at start-up.
    from scraper.sample_site import SAMPLE_COUNCIL, publish_next_meeting, serve_sample_council

    given = state(ctx)
    home = given.home.root
    if not given.home_on_command_line:
        if given.home_given:
            say(
                f"PAPERS_HOME is set ({home}): the demo leaves that home alone"
                " and uses one of its own (give --home DIR to choose where)."
            )
        home = Path(tempfile.mkdtemp("-papers-demo")).resolve()
    if given.home.database_url_override:
        say("DATABASE_URL is set: the demo leaves that database alone and keeps its own.")
    if given.home.files_spec:
        say("PAPERS_FILES is set: the demo keeps its files in its own home.")
    # The home's own SQLite file, never DATABASE_URL's database: the demo adds a
    # fictional council and replaces a watch, which must not reach a real archive.
    app_state = AppState(Home(home))
    root = ctx.find_root().command

    def papers(*args: str) -> None:
        err_console.print(f"\n[bold cyan]$ papers {shlex.join(args)}[/]", highlight=False)
        code = root.main(["--home", str(home), *args], prog_name="papers", standalone_mode=False)
        if code == INTERRUPTED:  # Ctrl-C: the step has said what it kept
            raise typer.Exit(INTERRUPTED)
        if code:
            raise DemoError(f"`papers {shlex.join(args)}` failed (exit code {code})")

    say(f"The demo keeps everything it collects in the home {home}.")
    with serve_sample_council() as server, _demo_environment():
        slug = SAMPLE_COUNCIL.slug
        again = _serve_again(app_state.engine, slug, SAMPLE_COUNCIL.name, server.base_url)
        say(
            f"A fictional council, {SAMPLE_COUNCIL.name}, is now served at {server.base_url} in "
            "the same format as most real council sites (ModernGov)."
        )
        if again:
            say(
                "This home holds the demo from an earlier run: running it again, with the "
                "council at its new address (so its papers are fetched again) and the "
                "watch set up afresh."
            )
        else:
            say("First, add it:")
            papers(
                "councils", "add", server.base_url, "--slug", slug, "--name", SAMPLE_COUNCIL.name
            )
        say(
            "Collect its papers: committees, a year of meetings, agenda items, decisions "
            "and every PDF. Then each PDF is read page by page, agendas, minutes and "
            "resolutions are picked out, and the search index is updated:"
        )
        papers("crawl", slug)
        say("Search for an exact phrase. Every hit cites the paper and page it is on:")
        papers("search", '"edge of care"', "--limit", "5")
        say(
            "Acronyms are understood: SEND also finds 'special educational needs and disabilities'."
        )
        papers("search", "SEND transport", "--limit", "3")
        meeting_id = meeting_with_most_resolutions(app_state.engine)
        say("One meeting, with its agenda items, decisions, attendance and documents:")
        papers("show", "meeting", str(meeting_id))
        say(
            "Save a search as a watch. What matches today counts as seen; from now on "
            "`papers watch run` reports only what is new:"
        )
        if _has_watch(app_state.engine, "edge-of-care"):
            # Set up afresh: the council's new address makes every paper look new to it.
            papers("watch", "remove", "edge-of-care")
        papers("watch", "add", "edge-of-care", '"edge of care"')
        new = publish_next_meeting(server)
        say(
            f"The council has just published a new meeting ({new.start:%d %B %Y}). "
            "Crawl again: only what changed is downloaded."
        )
        papers("crawl", slug)
        papers("watch", "run", "edge-of-care")
    say(
        "\nThat is the whole job. To follow a real council:\n"
        "  papers councils add staffordshire      (or any ModernGov site's address)\n"
        "  papers crawl staffordshire\n"
        "  papers search '\"edge of care\"'\n"
        "  papers watch add edge-of-care '\"edge of care\"'\n"
        "Run `papers --help` for every command."
    )
    if not given.home_on_command_line:
        say(f"The demo's data is in {home}; delete it when you are done.")
    serve = f"papers --home {shlex.quote(str(home))} serve"
    if not web_extra_installed():
        serve = f"pip install 'council-papers[web]', then {serve}"
    say(f"See the same data in a web browser: {serve}")


def say(text: str) -> None:
    err_console.print(text, highlight=False, soft_wrap=True)


def _serve_again(engine: Engine, slug: str, name: str, base_url: str) -> bool:
    """A home the demo ran in before: point its sample council at the address
    it is served at now (a new port each run). False for a home without it."""
    with Session(engine) as session, session.begin():
        council = session.scalar(select(Council).where(Council.slug == slug))
        if council is None:
            return False
        if council.name != name:
            raise DemoError(
                f"This home already has a council {slug!r} that is not the demo's ({council.name})",
                hint="run the demo without --home, or with a new folder",
            )
        council.base_url = base_url
        return True


def _has_watch(engine: Engine, name: str) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(Watch.id).where(Watch.name == name)).first() is not None


def meeting_with_most_resolutions(engine: Engine) -> int:
    with engine.connect() as conn:
        meeting_id = conn.execute(
            select(Meeting.id)
            .join(Resolution, Resolution.meeting_id == Meeting.id)
            .group_by(Meeting.id)
            .order_by(func.count(Resolution.id).desc(), Meeting.start.desc())
            .limit(1)
        ).scalar()
    if meeting_id is None:
        raise DemoError("The crawl found no decisions in the sample council's papers")
    return int(meeting_id)


@contextmanager
def _demo_environment() -> Iterator[None]:
    """Fast crawls of the local site, and no DATABASE_URL or PAPERS_FILES for the
    commands the demo runs: its papers stay in its own home."""
    changes = {
        SETTINGS_ENV: json.dumps(FAST_LOCAL_CRAWL),
        "DATABASE_URL": None,
        "PAPERS_FILES": None,
        "PAPERS_FILES_URL": None,
    }
    previous = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            _set_env(name, value)
        yield
    finally:
        for name, value in previous.items():
            _set_env(name, value)


def _set_env(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
