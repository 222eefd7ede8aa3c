"""Two runs sharing a home take turns; the second says who it is waiting for,
or (where waiting is pointless) says who is running and stops."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from indexer.home import Home
from indexer.locks import BusyError, crawl_lock, exclusive, exclusive_or_fail, is_held
from indexer.models import Council, CrawlRun
from indexer.stats import collect_status

HOLDER = rf"\(pid {os.getpid()}, started \d{{4}}-\d\d-\d\d \d\d:\d\d UTC\)"


def test_second_holder_waits_and_says_so(tmp_path: Path) -> None:
    lock = tmp_path / "home" / "watch.lock"
    said: list[str] = []
    order: list[str] = []

    def second() -> None:
        with exclusive(lock, "`papers watch run`", said.append):
            order.append("second")

    with exclusive(lock, "`papers watch run`"):
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(timeout=0.5)
        assert thread.is_alive()  # blocked while the first holds the lock
        order.append("first")
    thread.join(timeout=5)
    assert order == ["first", "second"]
    (message,) = said
    assert re.fullmatch(
        rf"Another `papers watch run` is running in this home {HOLDER}; "
        r"waiting for it to finish\.\.\.",
        message,
    )


def test_a_busy_lock_names_its_holder_and_is_free_once_released(tmp_path: Path) -> None:
    lock = tmp_path / "home" / "crawl.lock"
    # flock locks belong to an open file: a second open conflicts, as in another process
    with (
        exclusive_or_fail(lock, "a crawl"),
        pytest.raises(BusyError) as busy,
        exclusive_or_fail(lock, "a crawl"),
    ):
        pass
    assert re.fullmatch(
        rf"A crawl is already running in this home {HOLDER}; "
        "wait for it to finish, or stop it first",
        str(busy.value),
    )
    with exclusive_or_fail(lock, "a crawl") as handle:
        assert handle is not None


def test_status_calls_a_running_crawl_with_no_crawl_behind_it_interrupted(
    engine: Engine, home: Home
) -> None:
    with Session(engine) as session, session.begin():
        council = Council(slug="example", name="Example", platform="moderngov", base_url=None)
        session.add(council)
        session.flush()
        session.add(CrawlRun(council_id=council.id, status="running", counts={}, errors=[]))

    def shown() -> str:
        (run,) = collect_status(engine, home)["last_crawls"]
        return str(run["status"])

    assert shown() == "interrupted"  # killed, child and all: nothing holds the lock
    with exclusive_or_fail(crawl_lock(home.root), "a crawl"):
        assert is_held(crawl_lock(home.root))
        assert shown() == "running"
