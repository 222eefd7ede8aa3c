"""`papers crawl` end to end: the command, its summary, status, interruption."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from indexer.home import Home
from indexer.models import AgendaItem, CrawlRun, Document, Meeting
from indexer.store.councils import add_council
from scraper.run import SETTINGS_ENV, CrawlJob, run_crawl
from scraper.site_server import Resource, SiteServer
from search_cli.app import app
from search_cli.commands import crawl as crawl_command
from tests.conftest import REPO_ROOT
from tests.crawl_support import (
    FAST,
    KINGSTON_COMMITTEE,
    KINGSTON_PDFS,
    KINGSTON_WINDOW,
    kingston_routes,
)

pytestmark = pytest.mark.slow


@pytest.fixture
def site(shared_fixtures: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv(SETTINGS_ENV, json.dumps(FAST))
    with SiteServer(kingston_routes(shared_fixtures)) as server:
        add_council(engine, "kingston", "Kingston upon Thames", "moderngov", server.base_url + "/")
        yield server


def crawl_args() -> list[str]:
    since, until = KINGSTON_WINDOW
    return [
        "crawl",
        "kingston",
        "--since",
        since,
        "--until",
        until,
        "--committee",
        "north kingston",
    ]


def test_crawl_prints_a_summary_and_status_shows_it(
    runner: CliRunner, site: SiteServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed_over: list[bool] = []
    monkeypatch.setattr(
        crawl_command, "after_change", lambda state, index: handed_over.append(index)
    )

    result = runner.invoke(app, crawl_args())

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "kingston: ok_with_errors",
        "  meetings:  3 new, 0 changed, 0 unchanged",
        "  documents: 2 downloaded, 0 unchanged, 26 failed",
        "  pages failed: 7",
    ]
    assert any(line.startswith("  failed: ") and line.endswith(" — HTTP 404") for line in lines)
    assert handed_over == [True]

    again = runner.invoke(app, [*crawl_args(), "--no-index"])
    assert again.stdout.splitlines()[1:3] == [
        "  meetings:  0 new, 0 changed, 3 unchanged",
        "  documents: 0 downloaded, 2 unchanged, 26 failed",
    ]
    assert handed_over[-1] is False

    status = json.loads(runner.invoke(app, ["status", "--format", "json"]).stdout)
    (last,) = status["last_crawls"]
    assert last["council"] == "kingston" and last["status"] == "ok_with_errors"
    assert last["counts"]["meetings_unchanged"] == 3
    # 26 documents, 3 mgAi.aspx, 1 attendance page and 3 mgChooseDocPack.aspx pack pages
    assert len(last["errors"]) == 33


def test_crawl_user_mistakes_are_one_line(runner: CliRunner, site: SiteServer) -> None:
    unknown = runner.invoke(app, ["crawl", "atlantis"])
    assert unknown.exit_code == 1
    assert unknown.stderr.startswith("Error: No council 'atlantis' in this home (known: kingston)")
    nothing = runner.invoke(app, ["crawl"])
    assert nothing.stderr.startswith("Error: Name the councils to crawl, or give --all")
    backwards = runner.invoke(
        app, ["crawl", "--all", "--since", "2026-02-01", "--until", "2026-01-01"]
    )
    assert backwards.stderr.startswith("Error: --since 2026-02-01 is after --until 2026-01-01")


def test_an_interrupted_crawl_keeps_what_it_stored_and_a_rerun_resumes(
    home: Home, engine: Engine, site: SiteServer
) -> None:
    zebra = next(path for path in KINGSTON_PDFS if "Zebra" in path)
    site.set(zebra, Resource(b"%PDF slow", "application/pdf", delay=3))
    job = CrawlJob(
        council="kingston",
        base_url=site.base_url + "/",
        since=date.fromisoformat(KINGSTON_WINDOW[0]),
        until=date.fromisoformat(KINGSTON_WINDOW[1]),
        committee=KINGSTON_COMMITTEE,
    )

    def interrupt_after_first_meeting(event: dict[str, Any]) -> None:
        if event.get("event") == "meeting":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_crawl(home, job, interrupt_after_first_meeting)

    with Session(engine) as session:
        run = session.scalars(select(CrawlRun)).one()
        assert run.status == "interrupted" and run.finished is not None
        stored_meetings = session.scalar(select(func.count()).select_from(Meeting))
        assert stored_meetings and stored_meetings >= 1
        items_before = session.scalar(select(func.count()).select_from(AgendaItem))

    site.set(zebra, Resource(b"%PDF quick", "application/pdf"))
    resumed = run_crawl(home, job, lambda event: None)

    assert resumed["counts"]["meetings_new"] + resumed["counts"]["meetings_unchanged"] == 3
    assert resumed["counts"]["meetings_unchanged"] >= 1
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Meeting)) == 3
        assert session.scalar(select(func.count()).select_from(AgendaItem)) >= (items_before or 0)
        urls = session.scalars(select(Document.url)).all()
        assert len(urls) == len(set(urls))
        assert [r.status for r in session.scalars(select(CrawlRun).order_by(CrawlRun.id))] == [
            "interrupted",
            "ok_with_errors",
        ]


def test_ctrl_c_stops_the_crawl_cleanly(home: Home, engine: Engine, site: SiteServer) -> None:
    zebra = next(path for path in KINGSTON_PDFS if "Zebra" in path)
    site.set(zebra, Resource(b"%PDF slow", "application/pdf", delay=5))
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PAPERS_HOME": str(home.root)}
    command = [sys.executable, "-m", "search_cli", *crawl_args()]
    papers = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not any(zebra.split("/")[-1].replace(" ", "%20") in t for t, _h in site.requests):
        assert time.monotonic() < deadline, "the crawl never reached the slow document"
        time.sleep(0.1)

    papers.send_signal(signal.SIGINT)
    papers.communicate(timeout=30)

    assert papers.returncode != 0
    with Session(engine) as session:
        (run,) = session.scalars(select(CrawlRun)).all()
        assert run.status == "interrupted" and run.finished is not None
        assert session.scalar(select(func.count()).select_from(Meeting)) == 3


def test_a_committee_filter_that_matches_nothing_says_what_there_is(
    runner: CliRunner, site: SiteServer
) -> None:
    since, until = KINGSTON_WINDOW
    args = ["crawl", "kingston", "--since", since, "--until", until, "--committee", "zzz"]
    result = runner.invoke(app, [*args, "--no-index"])
    assert "meetings:  0 new, 0 changed, 0 unchanged" in result.stdout
    assert "no committee's name contains 'zzz'; the site lists: " in result.stdout
    assert "North Kingston" in result.stdout
