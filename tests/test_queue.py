"""The job queue end to end: real `papers worker` processes, real Redis, real PostgreSQL.

Two workers, each in a home of its own (two machines), share one PostgreSQL
database; the sample council is served under four names (four sites on
four ports). Skips with the reason when Redis or PostgreSQL does not answer.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool
from typer.testing import CliRunner

from indexer.crawl_locks import council_lock_name, crawl_locks
from indexer.home import Home
from indexer.store.councils import add_council
from scraper.queue.settings import RETRY_ENV, VISIBILITY_ENV, QueueSettings
from scraper.run import SETTINGS_ENV
from scraper.sample_site import SampleCouncilServer, serve_sample_council
from search_cli.app import app
from tests.cli_support import FAST_SETTINGS
from tests.queue_support import Worker, queue_env, queue_or_skip, wait_for

COUNCILS = ("north", "south", "east", "west")
# Rows that must be the same for every council: four copies of one site.
PER_COUNCIL = {
    "meetings": "SELECT council_id, count(*) FROM meetings GROUP BY 1",
    "documents": "SELECT council_id, count(*) FROM documents GROUP BY 1",
    "agenda_items": "SELECT m.council_id, count(*) FROM agenda_items a"
    " JOIN meetings m ON m.id = a.meeting_id GROUP BY 1",
    "document_parts": "SELECT d.council_id, count(*) FROM document_parts p"
    " JOIN documents d ON d.id = p.document_id GROUP BY 1",
    "pages": "SELECT d.council_id, count(*) FROM pages p"
    " JOIN documents d ON d.id = p.document_id GROUP BY 1",
    "resolutions": "SELECT m.council_id, count(*) FROM resolutions r"
    " JOIN meetings m ON m.id = r.meeting_id GROUP BY 1",
    "work_programme_entries": "SELECT council_id, count(*) FROM work_programme_entries GROUP BY 1",
}
# Natural keys of the tables with no unique constraint to enforce them.
DUPLICATES = {
    "declarations": "SELECT meeting_id, person, text FROM declarations"
    " GROUP BY 1, 2, 3 HAVING count(*) > 1",
    "work_programme_entries": "SELECT council_id, committee_id, key FROM work_programme_entries"
    " GROUP BY 1, 2, 3 HAVING count(*) > 1",
    # What losing a race used to leave on a document.
    "documents with a parse error": "SELECT id FROM documents WHERE error LIKE '%Integrity%'",
}


@pytest.fixture
def queue() -> Iterator[QueueSettings]:
    yield from queue_or_skip()


@pytest.fixture
def queue_here(queue: QueueSettings, monkeypatch: pytest.MonkeyPatch) -> QueueSettings:
    """The queue, named in this process's environment (for in-process commands)."""
    for name, value in queue_env(queue).items():
        monkeypatch.setenv(name, value)
    return queue


@pytest.fixture
def machines(
    tmp_path: Path, postgres_url: str, queue: QueueSettings, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """The environment every machine shares: the database, the queue, the file
    store (a folder outside every home), fast crawls."""
    env = {
        **queue_env(queue),
        "DATABASE_URL": postgres_url,
        "PAPERS_FILES": str(tmp_path / "shared-files"),
        SETTINGS_ENV: FAST_SETTINGS,
        RETRY_ENV: "1",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def database(machines: dict[str, str]) -> Iterator[Engine]:
    engine = create_engine(machines["DATABASE_URL"], poolclass=NullPool)
    yield engine
    engine.dispose()


def papers(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, f"papers {' '.join(args)}:\n{result.output}"
    return result.stdout


def rows(engine: Engine, sql: str) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(text(sql)))


def runs(engine: Engine) -> list[tuple[str, str]]:
    """(council, status) of every crawl run."""
    return [
        (slug, status)
        for slug, status in rows(
            engine,
            "SELECT c.slug, r.status FROM crawl_runs r JOIN councils c ON c.id = r.council_id"
            " ORDER BY r.id",
        )
    ]


def finished(engine: Engine, slug: str) -> bool:
    return any(s == slug and status not in ("running", "interrupted") for s, status in runs(engine))


def assert_no_duplicates(engine: Engine) -> None:
    for table, sql in PER_COUNCIL.items():
        per_council = dict(rows(engine, sql))
        assert len(set(per_council.values())) == 1, f"{table}: {per_council}"
    for what, sql in DUPLICATES.items():
        assert rows(engine, sql) == [], what


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_two_workers_crawl_four_councils_once_and_every_home_searches_them(
    tmp_path: Path, machines: dict[str, str], database: Engine, queue: QueueSettings
) -> None:
    with ExitStack() as stack:
        sites = [stack.enter_context(serve_sample_council()) for _ in COUNCILS]
        papers("--home", str(tmp_path / "desk"), "db", "upgrade")
        for slug, site in zip(COUNCILS, sites, strict=True):
            add_council(database, slug, slug.title(), "moderngov", site.base_url + "/")
        # One committee each: the whole job, in a quarter of the time.
        only = ("--committee", "highways")
        queued = papers("--home", str(tmp_path / "desk"), "enqueue", *COUNCILS[:3], *only)
        again = papers("--home", str(tmp_path / "desk"), "crawl", "north", "west", "--queue", *only)
        assert [line.split(" (job")[0] for line in (queued + again).splitlines()] == [
            "north: queued",
            "south: queued",
            "east: queued",
            "north: already queued, not started yet",
            "west: queued",
        ]
        workers = [Worker(tmp_path / name, machines).start() for name in ("one", "two")]
        try:
            wait_for(
                "every council crawled",
                lambda: all(finished(database, slug) for slug in COUNCILS),
                workers,
            )
        finally:
            for worker in workers:
                worker.stop()
    assert sorted(runs(database)) == [(slug, "ok") for slug in sorted(COUNCILS)]
    took = {w.home.name: w.output().count(": done (ok)") for w in workers}
    assert sum(took.values()) == 4, took
    assert_no_duplicates(database)
    assert _left_in_redis(queue) == (0, 0)

    # A third home (a third machine) searches what both workers stored, at once.
    hits = json.loads(
        papers(
            "--home",
            str(tmp_path / "reader"),
            "search",
            "transport",
            "--format",
            "json",
            "--limit",
            "0",
        )
    )
    assert {hit["council"] for hit in hits} == set(COUNCILS)


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_a_killed_workers_job_goes_to_another_worker_and_finishes(
    tmp_path: Path,
    machines: dict[str, str],
    database: Engine,
    queue: QueueSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Short, so the dead worker's job is handed on soon; longer than a job
    # takes before the kill, so it is not handed out while its worker lives.
    env = {**machines, VISIBILITY_ENV: "8"}
    with serve_sample_council() as site:
        _slow_papers(site)
        papers("--home", str(tmp_path / "desk"), "db", "upgrade")
        add_council(database, "slow", "Slow", "moderngov", site.base_url + "/")
        papers("--home", str(tmp_path / "desk"), "enqueue", "slow")
        first = Worker(tmp_path / "first", env).start()
        wait_for("the first worker to store a document", lambda: _stored(database) > 0, [first])
        first.kill()
        assert not finished(database, "slow"), "the job ended before the kill"
        second = Worker(tmp_path / "second", env).start()
        try:
            wait_for(
                "the job to finish on the second worker",
                lambda: finished(database, "slow"),
                [second],
            )
        finally:
            second.stop()
    statuses = [status for _, status in runs(database)]
    assert statuses.count("ok") == 1 and set(statuses) <= {"ok", "interrupted"}, statuses
    assert "slow: done (ok)" in second.output()
    counts = {
        table: rows(database, sql)[0][1] for table, sql in PER_COUNCIL.items() if table != "pages"
    }
    assert counts["meetings"] == 14 and counts["documents"] == 35, counts  # the whole site
    assert_no_duplicates(database)
    assert _left_in_redis(queue) == (0, 0)


def _pdf_paths(site: SampleCouncilServer) -> list[str]:
    return [
        key for key, resource in site.routes.items() if resource.content_type == "application/pdf"
    ]


def _slow_papers(site: SampleCouncilServer) -> None:
    """Every paper takes a while to come: the crawl is long enough to be killed in."""
    for key in _pdf_paths(site):
        site.routes[key].delay = 0.5


def _stored(engine: Engine) -> int:
    return rows(engine, "SELECT count(*) FROM documents WHERE sha256 IS NOT NULL")[0][0]


def _left_in_redis(queue: QueueSettings) -> tuple[int, int]:
    """(jobs waiting, jobs taken and not acknowledged) on the test's queue."""
    import redis

    client = redis.Redis.from_url(queue.url)
    try:
        return (
            int(client.llen(f"{queue.key_prefix}{queue.name}")),
            int(client.hlen(f"{queue.key_prefix}unacked")),
        )
    finally:
        client.close()


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_a_job_whose_council_is_busy_waits_for_it_then_runs(
    tmp_path: Path, machines: dict[str, str], database: Engine
) -> None:
    with serve_sample_council() as site:
        papers("--home", str(tmp_path / "desk"), "db", "upgrade")
        add_council(database, "busy", "Busy", "moderngov", site.base_url + "/")
        worker = Worker(tmp_path / "one", machines)
        with crawl_locks(Home.from_env(tmp_path / "desk")) as held:
            held.acquire(council_lock_name("busy"))  # as a `papers crawl` elsewhere would
            papers("--home", str(tmp_path / "desk"), "enqueue", "busy", "--no-download")
            worker.start()
            wait_for("the job to find its council busy", lambda: _tried_again(worker), [worker])
            assert runs(database) == []
        try:
            wait_for("the job to run", lambda: finished(database, "busy"), [worker])
        finally:
            worker.stop()
    assert runs(database) == [("busy", "ok")]


def _tried_again(worker: Worker) -> bool:
    return "busy: Council 'busy' is being crawled by another run (pid " in worker.output()


def test_a_council_asked_for_twice_is_queued_once(
    runner: CliRunner, engine: Engine, queue_here: QueueSettings
) -> None:
    add_council(engine, "north", "North", "moderngov", "http://127.0.0.1:9/")
    first = runner.invoke(app, ["enqueue", "north"])
    second = runner.invoke(app, ["crawl", "north", "--queue"])
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    job = first.stdout.split("(job ")[1].rstrip(")\n")
    assert first.stdout == f"north: queued (job {job})\n"
    assert second.stdout == f"north: already queued, not started yet (job {job})\n"
    assert _left_in_redis(queue_here) == (1, 0)


def test_queue_mistakes_are_one_plain_line(
    runner: CliRunner, engine: Engine, queue_here: QueueSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_council(engine, "north", "North", "moderngov", "http://127.0.0.1:9/")
    unknown = runner.invoke(app, ["enqueue", "atlantis"])
    assert unknown.exit_code == 1
    assert unknown.stderr == "Error: No council 'atlantis' in this home (known: north)\n"

    monkeypatch.setenv("PAPERS_QUEUE_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    for args in (["enqueue", "north"], ["worker"]):
        down = runner.invoke(app, args)
        assert down.exit_code == 1, down.output
        assert down.stderr.startswith(
            "Error: The job queue at redis://127.0.0.1:1/0 does not answer"
        )
        assert down.stderr.endswith("(start Redis, or set PAPERS_QUEUE_URL)\n")
        assert len(down.stderr.splitlines()) == 1
    assert _left_in_redis(queue_here) == (0, 0)


def test_without_celery_the_queue_commands_name_the_extra(
    runner: CliRunner, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_council(engine, "north", "North", "moderngov", "http://127.0.0.1:9/")
    monkeypatch.setitem(sys.modules, "celery", None)  # `import celery` now fails
    for args in (["worker"], ["enqueue", "north"], ["crawl", "--all", "--queue"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert result.stderr == (
            "Error: The job queue needs the Python package 'celery', which is not installed"
            " (pip install 'council-papers[queue]')\n"
        )
