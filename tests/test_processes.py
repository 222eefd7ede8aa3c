"""Processes: after `kill -9` of `papers` nothing it started goes on running and
the next run proceeds; a second crawl of a home says one is running.

Real processes throughout: `python -m search_cli` against the saved Kingston
pages on a loopback server, and a real Whoosh index build with its helpers.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.models import Council, CrawlRun, Document, Meeting, Page
from indexer.search.indexing import PARALLEL_BUILD_UNITS
from indexer.store.councils import add_council
from scraper.run import SETTINGS_ENV
from scraper.site_server import Resource, SiteServer
from tests.conftest import REPO_ROOT
from tests.crawl_support import KINGSTON_PDFS, KINGSTON_WINDOW, kingston_routes
from tests.kill_support import descendants, wait_for, wait_until
from tests.search_support import whoosh_only

pytestmark = pytest.mark.slow

FAST = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "RETRY_TIMES": 0}
ZEBRA = next(path for path in KINGSTON_PDFS if "Zebra" in path)


def papers(home: Home, *args: str) -> list[str]:
    return [sys.executable, "-m", "search_cli", "--home", str(home.root), *args]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO_ROOT), SETTINGS_ENV: json.dumps(FAST)}


def crawl_args() -> list[str]:
    since, until = KINGSTON_WINDOW
    return ["crawl", "kingston", "--since", since, "--until", until, "--committee", "north"]


@pytest.fixture
def site(shared_fixtures: Path, engine: Engine):  # type: ignore[no-untyped-def]
    with SiteServer(kingston_routes(shared_fixtures)) as server:
        add_council(engine, "kingston", "Kingston upon Thames", "moderngov", server.base_url + "/")
        yield server


def _requested(site: SiteServer, path: str) -> bool:
    name = path.split("/")[-1].replace(" ", "%20")
    return any(name in target for target, _headers in list(site.requests))


def test_a_killed_crawl_stops_its_child_and_the_next_crawl_proceeds(
    home: Home, engine: Engine, site: SiteServer
) -> None:
    # A document that takes a minute: without its parent the crawl must not wait for it.
    site.set(ZEBRA, Resource(b"%PDF slow", "application/pdf", delay=60))
    crawl = subprocess.Popen(
        papers(home, *crawl_args()), env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    wait_until(lambda: _requested(site, ZEBRA), 60, "the crawl never reached the slow document")
    children = descendants(crawl.pid)
    assert children, "the crawl runs in a child process"

    crawl.kill()
    crawl.communicate(timeout=30)

    assert wait_for(children, timeout=60) == set(), "the crawl child outlived its parent"
    with Session(engine) as session:
        (run,) = session.scalars(select(CrawlRun)).all()
        assert run.status == "interrupted" and run.finished is not None

    site.set(ZEBRA, Resource(b"%PDF quick", "application/pdf"))
    again = subprocess.run(
        papers(home, *crawl_args(), "--no-index"), env=env(), capture_output=True, timeout=120
    )
    assert again.returncode == 0, again.stderr.decode()
    assert again.stdout.decode().startswith("kingston: ok_with_errors\n")
    with Session(engine) as session:
        statuses = session.scalars(select(CrawlRun.status).order_by(CrawlRun.id)).all()
        assert statuses == ["interrupted", "ok_with_errors"]


def test_a_second_crawl_of_the_home_says_one_is_running(
    home: Home, engine: Engine, site: SiteServer
) -> None:
    site.set(ZEBRA, Resource(b"%PDF slow", "application/pdf", delay=60))
    first = subprocess.Popen(
        papers(home, *crawl_args(), "--no-index"),
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until(lambda: _requested(site, ZEBRA), 60, "the first crawl never got going")

        second = subprocess.run(
            papers(home, *crawl_args()), env=env(), capture_output=True, timeout=120
        )
    finally:
        children = descendants(first.pid)
        first.kill()  # tested above: its child stops too
        first.communicate(timeout=30)
        wait_for(children, timeout=60)

    assert second.returncode == 1
    assert second.stdout == b""
    (line,) = second.stderr.decode().splitlines()
    assert re.fullmatch(
        rf"Error: A crawl is already running in this home \(pid {first.pid}, started "
        r"\d{4}-\d\d-\d\d \d\d:\d\d UTC\); wait for it to finish, or stop it first",
        line,
    ), line
    with Session(engine) as session:  # the second stored nothing, not even a run
        assert session.scalars(select(CrawlRun.status)).all() == ["interrupted"]


def _many_pages(engine: Engine, documents: int, pages: int = 50) -> None:
    """Enough text that building the index takes a while, with its helper processes."""
    words = ["council", "transport", "budget", "school", "care", "review", "report", "item"]
    with Session(engine) as session, session.begin():
        council = Council(slug="big", name="Big", platform="moderngov", base_url=None)
        session.add(council)
        session.flush()
        meeting = Meeting(council_id=council.id, source_id="1", title="Full Council")
        session.add(meeting)
        session.flush()
        for d in range(documents):
            document = Document(
                council_id=council.id, meeting_id=meeting.id, url=f"file:///big/{d}.pdf"
            )
            text = " ".join(words[(d * p) % len(words)] + str(p) for p in range(100))
            document.pages = [Page(number=n + 1, text=text) for n in range(pages)]
            document.text_status = "ok"
            session.add(document)


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the index is built in-process")
def test_a_killed_index_build_leaves_no_writer_and_the_next_build_proceeds(
    home: Home, engine: Engine
) -> None:
    whoosh_only(home, "PostgreSQL's index has no helper writer processes and no index lock")
    documents = PARALLEL_BUILD_UNITS // 50 + 10  # beyond the size built in one process
    _many_pages(engine, documents)
    build = subprocess.Popen(
        papers(home, "index"), env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    helpers: set[int] = set()

    def writing_with_helpers() -> bool:
        helpers.update(descendants(build.pid))
        return bool(helpers) or build.poll() is not None

    wait_until(writing_with_helpers, 120, "the index build never started its helpers")
    assert build.poll() is None, "the build ended before it could be killed; add pages"

    build.kill()
    build.communicate(timeout=30)

    assert wait_for(helpers, timeout=60) == set(), "index writers outlived their parent"
    # Old helpers held the index lock for ever: this waited without end.
    again = subprocess.run(papers(home, "index"), env=env(), capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr.decode()
    assert f"{documents * 50} added" in again.stderr.decode()
