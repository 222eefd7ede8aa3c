"""A home built as `papers demo` builds it, plus hostile rows, served by uvicorn.

The demo crawls the bundled Sampleshire site on 127.0.0.1 through the real
commands (about ten seconds), so the web tests see real meetings, PDFs, an
index and a watch. Then a meeting whose council text is an attack (script
tags, javascript: links) is added and indexed: every page must show it as text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from indexer.db import open_database
from indexer.home import Home
from indexer.models import AgendaItem, Council, Document, Meeting, Resolution
from indexer.search_index import update_index
from scraper.run import SETTINGS_ENV
from scraper.sample_site import SAMPLE_COUNCIL, publish_next_meeting, serve_sample_council
from search_cli.app import app
from search_cli.commands.demo import FAST_LOCAL_CRAWL
from search_cli.web.app import create_app
from search_cli.web.server import running

SCRIPT = "<script>alert('x')</script>"
JS_URL = "javascript:alert('x')"
# A word only the hostile meeting has, to find it by search.
HOSTILE_WORD = "quuxpenguin"


@dataclass
class WebHome:
    home: Home
    engine: Engine
    base_url: str
    hostile_meeting: int
    demo_output: str


def add_hostile_meeting(engine: Engine) -> int:
    with Session(engine) as s, s.begin():
        council = s.scalars(select(Council)).one()
        meeting = Meeting(
            council=council,
            source_id="hostile-1",
            title=f"Hostile {SCRIPT}",
            start=datetime(2020, 5, 5, 10, 0),
            status="held",
            url=JS_URL,
            venue=f'<a href="{JS_URL}">Town hall</a>',
        )
        item = AgendaItem(
            meeting=meeting,
            key="1",
            number="1.",
            position=1,
            title=f"Item {SCRIPT} {HOSTILE_WORD}",
            minutes=f'Members saw <a href="{JS_URL}">this link</a> {SCRIPT} about {HOSTILE_WORD}.',
        )
        s.add_all([meeting, item])
        s.flush()
        s.add(
            Resolution(
                meeting=meeting,
                agenda_item=item,
                text=f"RESOLVED that {SCRIPT} be noted.",
                clauses=[f"(a) {SCRIPT}"],
                sources=["html"],
                fingerprint="hostile",
            )
        )
        s.add(
            Document(
                council_id=council.id,
                meeting=meeting,
                url=JS_URL,
                title=f"<img src=x onerror=alert(1)> {HOSTILE_WORD}",
                kind="report",
                text_status="ok",
            )
        )
        return meeting.id


def build_home(root: Path, database_url: str | None) -> tuple[Home, Engine, int, str]:
    """The demo's home; on a PostgreSQL run (database_url) its data in that database.

    The demo always keeps its own SQLite file (it never writes into DATABASE_URL's
    database), so on PostgreSQL the demo's steps are run again into the home's own
    database: the pages are then served, and the CLI searched, from PostgreSQL.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DATABASE_URL", raising=False)
        patch.delenv("PAPERS_HOME", raising=False)
        result = CliRunner().invoke(app, ["--home", str(root), "demo"])
        assert result.exit_code == 0, result.output
        if database_url:
            patch.setenv("DATABASE_URL", database_url)
            patch.setenv(SETTINGS_ENV, json.dumps(FAST_LOCAL_CRAWL))
            demo_steps_again(root)
        home = Home.from_env(root)
        engine = open_database(home)
        hostile = add_hostile_meeting(engine)
        update_index(engine, home)
    return home, engine, hostile, result.stderr


def demo_steps_again(root: Path) -> None:
    """What `papers demo` runs (search/show aside), into DATABASE_URL's database."""

    def papers(*args: str) -> None:
        result = CliRunner().invoke(app, ["--home", str(root), *args])
        assert result.exit_code == 0, result.output

    with serve_sample_council() as server:
        slug = SAMPLE_COUNCIL.slug
        papers("councils", "add", server.base_url, "--slug", slug, "--name", SAMPLE_COUNCIL.name)
        papers("crawl", slug)
        papers("watch", "add", "edge-of-care", '"edge of care"')
        publish_next_meeting(server)
        papers("crawl", slug)
        papers("watch", "run", "edge-of-care")


def cli_env(web_home: WebHome) -> dict[str, str | None]:
    """The environment a command on the web home runs in: the home's own database."""
    return {"DATABASE_URL": web_home.home.database_url_override}


@pytest.fixture(scope="session", name="web_home")
def web_home_fixture(
    tmp_path_factory: pytest.TempPathFactory,
    own_database: Callable[[], AbstractContextManager[str | None]],
) -> Iterator[WebHome]:
    """The demo's home, served read-write on a free port of 127.0.0.1."""
    with own_database() as url:
        home, engine, hostile, output = build_home(tmp_path_factory.mktemp("web") / "home", url)
        with running(create_app(home, engine)) as base_url:
            yield WebHome(home, engine, base_url, hostile, output)
        engine.dispose()
