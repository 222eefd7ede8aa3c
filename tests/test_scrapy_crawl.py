"""The Scrapy way: `scrapy crawl moderngov -a council=SLUG` from the repository root.

A real `scrapy crawl` process (scrapy.cfg, scraper/settings.py) against the
sample council on 127.0.0.1, into a home that does not exist yet, then the
real `papers` commands on what it left.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from indexer.db import current_revision, head_revision, make_engine
from indexer.home import Home
from indexer.models import Council, CrawlRun, Document, Meeting
from scraper.sample_site import SampleCouncilServer, serve_sample_council
from search_cli.app import app
from tests.conftest import REPO_ROOT

# Only to catch a hang: the sample council's crawl and reading take seconds.
TIMEOUT = 300


@pytest.fixture
def site() -> Iterator[SampleCouncilServer]:
    with serve_sample_council() as server:
        yield server


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """A home folder not made yet; PAPERS_HOME names it (for `papers` and for Scrapy)."""
    monkeypatch.setenv("PAPERS_HOME", str(tmp_path / "new-home"))
    return Home.from_env()


def scrapy_crawl(*args: str) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl moderngov ARGS` run from the repository root, as a user runs it."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "moderngov", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def crawled(result: subprocess.CompletedProcess[str]) -> str:
    """The crawl's log, once it has finished cleanly."""
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Spider closed (finished)" in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    return result.stderr


def phrase_hits(runner: CliRunner) -> list[dict[str, object]]:
    result = runner.invoke(app, ["search", '"edge of care"', "--format", "json", "--limit", "0"])
    assert result.exit_code == 0, result.output
    hits: list[dict[str, object]] = json.loads(result.stdout)
    return hits


def stored(home: Home) -> dict[str, int]:
    """Meetings, documents with a file, and those of them not read yet."""
    engine = make_engine(home.database_url)
    try:
        with engine.connect() as connection:

            def count(query: object) -> int:
                return int(connection.execute(query).scalar_one())  # type: ignore[call-overload]

            with_file = Document.sha256.is_not(None)
            return {
                "meetings": count(select(func.count()).select_from(Meeting)),
                "documents": count(select(func.count()).where(with_file)),
                "pending": count(
                    select(func.count()).where(with_file, Document.text_status == "pending")
                ),
            }
    finally:
        engine.dispose()


def test_scrapy_crawl_makes_the_home_and_leaves_the_council_read_and_indexed(
    runner: CliRunner, fresh_home: Home, site: SampleCouncilServer
) -> None:
    log = crawled(scrapy_crawl("-a", "council=sampleshire", "-a", f"base_url={site.base_url}"))

    if fresh_home.database_url_override is None:  # not a suite run on PostgreSQL
        assert fresh_home.db_path.exists()
    engine = make_engine(fresh_home.database_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()
    assert stored(fresh_home) == {"meetings": 14, "documents": 35, "pending": 0}
    assert "Crawl of sampleshire: ok (14 meetings new, " in log
    assert "sampleshire: read 35 files" in log
    # Polite under plain Scrapy too: scrapy.cfg gives it the project's settings.
    for setting in (
        "'ROBOTSTXT_OBEY': True",
        "'AUTOTHROTTLE_ENABLED': True",
        "'CONCURRENT_REQUESTS_PER_DOMAIN': 1",
        "'USER_AGENT': 'council-papers/",
    ):
        assert setting in log
    hits = phrase_hits(runner)
    assert hits and all("edge of care" in str(h["snippet"]).lower() for h in hits)


def test_scrapy_crawl_honours_database_url_and_finds_the_council_there(
    runner: CliRunner,
    fresh_home: Home,
    site: SampleCouncilServer,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", postgres_url)
    added = runner.invoke(app, ["councils", "add", site.base_url, "--slug", "sampleshire"])
    assert added.exit_code == 0, added.output
    home = Home.from_env()
    probes = len(site.requests)  # detecting the platform

    crawled(scrapy_crawl("-a", "council=sampleshire"))  # the site is the one stored

    assert site.requests[probes][0] == "/robots.txt"
    assert all(h["User-Agent"].startswith("council-papers/") for _, h in site.requests)
    assert not home.db_path.exists()  # nothing in a SQLite file of its own
    assert stored(home) == {"meetings": 14, "documents": 35, "pending": 0}
    assert phrase_hits(runner)

    crawled(scrapy_crawl("-a", "council=sampleshire"))  # again: stored files are not fetched
    engine = make_engine(postgres_url)
    with engine.connect() as connection:
        last = connection.execute(select(CrawlRun.counts).order_by(CrawlRun.id.desc())).first()
    engine.dispose()
    assert last is not None
    assert last.counts["documents_unchanged"] == 35
    assert last.counts["documents_downloaded"] == 0


def test_papers_process_reads_what_a_crawl_left_pending(
    runner: CliRunner, fresh_home: Home, site: SampleCouncilServer
) -> None:
    crawled(
        scrapy_crawl(
            "-a",
            "council=sampleshire",
            "-a",
            f"base_url={site.base_url}",
            "-s",
            "PAPERS_READ_AFTER_CRAWL=0",
        )
    )
    assert stored(fresh_home) == {"meetings": 14, "documents": 35, "pending": 35}

    result = runner.invoke(app, ["process", "sampleshire"])

    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("sampleshire: read 35 files; new: 28 resolutions")
    assert stored(fresh_home)["pending"] == 0
    assert phrase_hits(runner)
    again = runner.invoke(app, ["process"])  # every council: nothing left to read
    assert again.exit_code == 0, again.output
    assert again.stderr.startswith("sampleshire: no new or changed papers to read\n")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["-a", "council=nowhere"],
            "Cannot crawl: No council 'nowhere' in this home, nor among the built-in councils"
            " (add it with `papers councils add NAME-OR-URL`, or give -a base_url=URL)",
        ),
        ([], "Cannot crawl: No council named (run scrapy crawl moderngov -a council=SLUG)"),
        (
            ["-a", "council=stockport", "-a", "since=last year"],
            "Cannot crawl: -a since='last year' is not a date (give it as YYYY-MM-DD)",
        ),
    ],
    ids=["unknown", "none", "bad-date"],
)
def test_a_council_that_cannot_be_crawled_is_one_error_line(
    fresh_home: Home, args: list[str], said: str
) -> None:
    result = scrapy_crawl(*args)

    errors = [line for line in result.stderr.splitlines() if " ERROR: " in line]
    assert len(errors) == 1 and said in errors[0], result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert "Spider closed (cannot_crawl)" in result.stderr
    if fresh_home.database_url_override or fresh_home.db_path.exists():  # nothing added
        engine = make_engine(fresh_home.database_url)
        with engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(Council)).scalar_one() == 0
        engine.dispose()
