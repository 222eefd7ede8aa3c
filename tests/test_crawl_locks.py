"""Per-council and per-site crawl locks, on SQLite (files) and PostgreSQL (advisory locks)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from indexer.crawl_locks import (
    CrawlLocks,
    LockBusyError,
    council_lock_name,
    crawl_locks,
    site_lock_name,
)
from indexer.home import Home
from indexer.store.councils import add_council
from search_cli.app import app
from tests.conftest import REPO_ROOT

BUSY_SITE = r"Its site 127\.0\.0\.1:8000 is being crawled by another run \(pid \d+ on "


@pytest.fixture(params=["sqlite", "postgresql"])
def lock_home(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Home]:
    """A home on each kind of database (on PostgreSQL, a fresh one)."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        monkeypatch.setenv("DATABASE_URL", url)
    else:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    yield Home.from_env(tmp_path / "home").ensure()


def test_site_locks_are_per_host_and_port() -> None:
    assert site_lock_name("https://democracy.kent.gov.uk/") == "site:democracy.kent.gov.uk:443"
    assert site_lock_name("http://127.0.0.1:8000/a") == "site:127.0.0.1:8000"
    assert site_lock_name("http://Example.org/x") == site_lock_name("http://example.org:80/y")


def test_a_held_lock_is_refused_to_another_run_until_released(lock_home: Home) -> None:
    name = council_lock_name("kent")
    with crawl_locks(lock_home) as first, crawl_locks(lock_home) as second:
        first.acquire(name)
        with pytest.raises(
            LockBusyError, match=r"Council 'kent' is being crawled by another run \(pid \d+ on "
        ):
            second.acquire(name)
        second.acquire(council_lock_name("medway"))  # another council is free
        first.release(name)
        second.acquire(name)
    with crawl_locks(lock_home) as third:  # leaving the block released them all
        third.acquire(name)
        third.acquire(council_lock_name("medway"))


# A parent that takes the lock, starts a child that inherits it, says the
# child's pid and waits to be killed (as a worker dies mid-crawl).
PARENT = """
import subprocess, sys, time
from indexer.crawl_locks import crawl_locks
from indexer.home import Home
with crawl_locks(Home.from_env(sys.argv[1])) as locks:
    locks.acquire(sys.argv[2])
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                             pass_fds=locks.fds)
    print(child.pid, flush=True)
    time.sleep(600)
"""


def test_a_crawl_child_holds_the_locks_after_its_parent_is_killed(lock_home: Home) -> None:
    name = site_lock_name("http://127.0.0.1:8000/")
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(lock_home.root), name],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    try:
        parent.kill()
        parent.wait(timeout=60)
        with crawl_locks(lock_home) as other, pytest.raises(LockBusyError, match=BUSY_SITE):
            other.acquire(name)
    finally:
        os.kill(child, signal.SIGKILL)
    with crawl_locks(lock_home) as other:
        _acquire_soon(other, name)  # the server sees the session end a moment later


def _acquire_soon(locks: CrawlLocks, name: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            locks.acquire(name)
            return
        except LockBusyError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_papers_crawl_refuses_a_council_another_run_is_crawling(
    runner: CliRunner, home: Home, engine: Engine
) -> None:
    add_council(engine, "kent", "Kent", "moderngov", "http://127.0.0.1:9/")
    with crawl_locks(home) as held:
        held.acquire(council_lock_name("kent"))
        result = runner.invoke(app, ["crawl", "kent"])
    assert result.exit_code == 1
    first, failed = result.stderr.splitlines()
    assert first.startswith("Error: Council 'kent' is being crawled by another run (pid ")
    assert failed == "Failed: kent (see the summary above, or `papers status`)"
