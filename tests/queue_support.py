"""Real `papers worker` processes on a real Redis, for the job queue's tests.

Each test gets a queue name of its own, which prefixes every Redis key the
queue uses (scraper.queue.settings): tests never see each other's jobs, and
only those keys are deleted afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scraper.queue.settings import NAME_ENV, URL_ENV, QueueSettings
from tests.conftest import REPO_ROOT

REDIS_URL = os.environ.get("PAPERS_TEST_REDIS", "redis://127.0.0.1:6379/0")
# Generous: only there to end a hung test, never a measure of speed.
WAIT_SECONDS = 600


def queue_or_skip() -> Iterator[QueueSettings]:
    """A fresh queue on the test Redis (skip if Celery or Redis is missing); its keys go after."""
    pytest.importorskip("celery", reason="the queue tests need celery: pip install -e '.[test]'")
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        pytest.skip(f"no Redis server answers at {REDIS_URL}: {exc}")
    settings = QueueSettings(url=REDIS_URL, name=f"papers-test-{uuid.uuid4().hex[:10]}")
    try:
        yield settings
    finally:
        keys = list(client.scan_iter(match=f"{settings.key_prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


def queue_env(settings: QueueSettings, **more: str) -> dict[str, str]:
    return {URL_ENV: settings.url, NAME_ENV: settings.name, **more}


@dataclass
class Worker:
    """`papers worker` in its own home, as on a machine of its own."""

    home: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.home.parent / f"{self.home.name}-worker.log"

    def start(self) -> Worker:
        env = {**os.environ, **self.env, "PYTHONPATH": str(REPO_ROOT)}
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "search_cli", "--home", str(self.home), "worker"],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=REPO_ROOT,
            )
        return self

    def kill(self) -> None:
        """SIGKILL: the worker dies holding its job, as when a machine is lost."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=60)

    def stop(self) -> int:
        """SIGTERM: a warm shutdown, after the job in hand."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=WAIT_SECONDS)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def wait_for(what: str, done: Callable[[], bool], workers: list[Worker]) -> None:
    """Poll until `done()`, failing with the workers' logs if it never comes."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not done():
        for worker in workers:
            if worker.process is not None and worker.process.poll() not in (None, -9):
                pytest.fail(f"a worker ended early:\n{worker.output()}")
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {w.home.name}\n{w.output()}" for w in workers)
            pytest.fail(f"timed out waiting for {what}\n{logs}")
        time.sleep(0.5)
