"""Run one council's crawl in a child process and stream its progress back.

Twisted's reactor cannot be restarted inside a process, so every crawl runs
in a fresh `python -m scraper.run`: the parent writes the job as JSON to the
child's stdin, the child answers with one JSON object per line on stdout
(started, meeting, document, error, finished) and logs to a file in the
home's logs/ folder. On Ctrl-C the parent asks the child to stop; Scrapy
then finishes cleanly and the run is recorded as interrupted. When the
parent dies without a word (`kill -9`), the child stops the same way (see
indexer/lifeline.py), and ends at the latest STOP_GRACE_SECONDS later.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from indexer.errors import PapersError, UsageError
from indexer.home import Home
from indexer.lifeline import watch_parent
from indexer.models import utcnow

# Scrapy setting overrides as JSON, e.g. '{"DOWNLOAD_MAXSIZE": 50000000}'.
SETTINGS_ENV = "PAPERS_SCRAPY_SETTINGS"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
# How long an orphaned crawl gets to stop cleanly (Scrapy waits for the
# downloads in flight) before it records its run as interrupted and ends.
STOP_GRACE_SECONDS = 10.0

Event = dict[str, Any]


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def crawl_window(since: date | None, until: date | None, today: date) -> tuple[date, date]:
    """The dates to crawl: by default the last 12 months and the next 3."""
    window = (since or add_months(today, -12), until or add_months(today, 3))
    if window[0] > window[1]:
        raise UsageError(f"--since {window[0]} is after --until {window[1]}")
    return window


class CrawlError(PapersError):
    """The crawl process could not run to the end."""


@dataclass
class CrawlJob:
    council: str
    base_url: str
    since: date
    until: date
    committee: str | None = None
    download: bool = True
    platform: str = "moderngov"  # the name of the spider that crawls it
    settings: dict[str, Any] = field(default_factory=dict)


def run_crawl(
    home: Home, job: CrawlJob, on_event: Callable[[Event], None], inherit: Sequence[int] = ()
) -> Event:
    """Crawl one council in a child process; returns its 'finished' event.

    `inherit`: open descriptors the child keeps (a lock it must hold until it ends).
    """
    settings = dict(job.settings)
    if os.environ.get(SETTINGS_ENV):
        try:
            settings.update(json.loads(os.environ[SETTINGS_ENV]))
        except ValueError as exc:
            raise CrawlError(f"{SETTINGS_ENV} is not a JSON object: {exc}") from exc
    payload = {
        **asdict(job),
        "since": job.since.isoformat(),
        "until": job.until.isoformat(),
        "settings": settings,
        "home": str(home.root),
        "database_url": home.database_url,
        "files": home.files_spec,
        "parent_pid": os.getpid(),
    }
    home.ensure()
    log_path = home.logs_dir / f"crawl-{job.council}.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    finished: Event | None = None
    with log_path.open("a", encoding="utf-8") as log:
        log.write(f"--- crawl of {job.council} started {utcnow().isoformat()}Z\n")
        log.flush()
        child = subprocess.Popen(
            [sys.executable, "-m", "scraper.run"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            env=env,
            text=True,
            # Its own session: Ctrl-C reaches only the parent, which passes on
            # exactly one SIGINT (a second one would make Scrapy stop uncleanly).
            start_new_session=True,
            pass_fds=tuple(inherit),
        )
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(json.dumps(payload))
        child.stdin.close()
        try:
            for line in child.stdout:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue  # stray output from a library; the log has it
                on_event(event)
                if event.get("event") == "finished":
                    finished = event
        except BaseException:
            # Ctrl-C or a failing listener: let Scrapy stop cleanly, so the
            # run is closed as interrupted, and drain what it still reports.
            child.send_signal(signal.SIGINT)
            for _line in child.stdout:
                pass
            raise
        finally:
            code = child.wait()
    if finished is None:
        raise CrawlError(
            f"The crawl of {job.council} stopped unexpectedly (exit code {code})",
            hint=f"see {log_path}",
        )
    return finished


def _emit(event: Event) -> None:
    try:
        sys.stdout.write(json.dumps(event, default=str) + "\n")
        sys.stdout.flush()
    except OSError:
        pass  # the parent is gone: _stop_with_parent is stopping the crawl


def _stop_with_parent(job: dict[str, Any]) -> None:
    """When the parent dies, stop as on Ctrl-C: one SIGINT, and Scrapy closes the run
    as interrupted; if that has not ended the crawl after the grace period, close
    the run here and end.

    Not PR_SET_PDEATHSIG: the kernel signals once per parent thread that exits,
    and a second SIGINT makes Scrapy stop uncleanly.
    """
    from indexer.db import make_engine
    from indexer.store.crawl import interrupt_running

    def parent_gone() -> None:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(STOP_GRACE_SECONDS)
        try:
            interrupt_running(make_engine(job["database_url"]), job["council"])
        finally:
            os._exit(1)

    watch_parent(job["parent_pid"], parent_gone)


def main() -> None:
    """The child: read the job from stdin, crawl, report on stdout."""
    # Imported here so the parent (the CLI) never loads Scrapy or Twisted.
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from indexer.db import make_engine
    from indexer.store.crawl import known_files
    from scraper import settings as default_settings

    job = json.loads(sys.stdin.read())
    _stop_with_parent(job)
    settings = Settings()
    settings.setmodule(default_settings)
    settings.update(job["settings"])
    settings.set("PAPERS_HOME", job["home"])
    settings.set("PAPERS_DATABASE_URL", job["database_url"])
    settings.set("PAPERS_FILES", job["files"])
    settings.set("PAPERS_COUNCIL", job["council"])
    settings.set("PAPERS_PROGRESS", _emit)
    settings.set("PAPERS_READ_AFTER_CRAWL", False)  # the parent reads and indexes after us
    engine = make_engine(job["database_url"])
    known = known_files(engine, job["council"])
    engine.dispose()
    process = CrawlerProcess(settings)
    # One spider per platform, found by name in scraper/spiders/.
    process.crawl(
        job["platform"],
        council=job["council"],
        base_url=job["base_url"],
        since=job["since"],
        until=job["until"],
        committee=job["committee"],
        download=job["download"],
        known_files=known,
    )
    process.start()


if __name__ == "__main__":
    main()
