"""A real `papers import` stopped mid-way (kill -9 of its process group, or
Ctrl-C) and run again: nothing lost, everything placed where it was asked.

The seam that makes the stop land in the reading stage every time: one file
of the import is, in the archive, a named pipe (`files/...` is where the
import would keep it, and a file already there is not written again), so
extraction waits on it until the test has stopped the import.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Executable, select, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from indexer.db import make_engine
from indexer.home import Home
from indexer.models import Committee, Document, Meeting
from indexer.store.files import key_for
from tests.conftest import REPO_ROOT
from tests.extract_support import make_pdf

# Generous: only catches a hang, never times the work.
TIMEOUT = 120


def _papers(tmp_path: Path, count: int) -> list[Path]:
    folder = tmp_path / "foi"
    folder.mkdir()
    return [
        make_pdf(folder / f"report-{n}.pdf", [[f"Report {n} on home to school transport"]])
        for n in range(count)
    ]


def _block_reading(home: Home, path: Path) -> Path:
    """Put a named pipe where the archive will keep `path`: reading it waits."""
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    pipe = home.root / "files" / key_for(sha256, "application/pdf")
    pipe.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(pipe)
    return pipe


def _command(home: Home, paths: list[Path], *options: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "search_cli",
        "--home",
        str(home.root),
        "import",
        *map(str, paths),
        "--council",
        "testham",
        *options,
    ]


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), **extra}
    env.pop("PAPERS_HOME", None)
    return env


def _rows(home: Home, query: str | Executable) -> list[tuple[object, ...]]:
    engine = make_engine(home.database_url)
    try:
        with engine.connect() as connection:
            found = connection.execute(text(query) if isinstance(query, str) else query)
            return [tuple(row) for row in found]
    except (OperationalError, ProgrammingError):  # not created (or migrated) yet
        return []
    finally:
        engine.dispose()


def _wait_for(what: str, condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"never saw: {what}"
        time.sleep(0.05)


def test_a_killed_import_run_again_places_every_paper_where_asked(
    home: Home, tmp_path: Path
) -> None:
    paths = _papers(tmp_path, 5)
    pipe = _block_reading(home, paths[-1])
    command = _command(home, paths, "--date", "2025-05-05", "--committee", "Audit", "--no-index")
    papers = subprocess.Popen(
        command,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own group, killed whole as a terminal's would be
    )
    try:
        # Every document stored, the first four read, the fifth waiting on the pipe.
        _wait_for(
            "four papers read",
            lambda: len(_rows(home, "SELECT id FROM documents WHERE text_status = 'ok'")) == 4,
        )
    finally:
        os.killpg(papers.pid, signal.SIGKILL)
        papers.wait(timeout=TIMEOUT)
    pipe.unlink()
    assert len(_rows(home, "SELECT id FROM documents")) == 5
    assert _rows(home, "SELECT id FROM documents WHERE meeting_id IS NOT NULL") == []

    again = subprocess.run(command, env=_env(), capture_output=True, text=True, timeout=TIMEOUT)

    assert again.returncode == 0, again.stderr
    assert "nothing changed" not in again.stdout
    placed = _rows(
        home,
        select(
            Document.id,
            Committee.name,
            Meeting.start,
            Document.text_status,
            Document.parsed_at.is_not(None),
        )
        .join(Meeting, Meeting.id == Document.meeting_id)
        .join(Committee, Committee.id == Meeting.committee_id)
        .order_by(Document.id),
    )
    when = datetime(2025, 5, 5)
    assert placed == [(n, "Audit", when, "ok", True) for n in range(1, 6)]
    assert len(_rows(home, "SELECT id FROM meetings")) == 1
    # Run once more: now it is finished, and says so.
    third = subprocess.run(command, env=_env(), capture_output=True, text=True, timeout=TIMEOUT)
    assert third.stdout.count("nothing changed") == 5


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _text(screen: bytearray) -> str:
    """What a terminal was sent, without its control sequences."""
    return ANSI.sub("", screen.decode(errors="replace"))


def test_ctrl_c_clears_the_progress_and_says_what_was_kept(home: Home, tmp_path: Path) -> None:
    paths = _papers(tmp_path, 3)
    pipe = _block_reading(home, paths[-1])
    papers = subprocess.Popen(
        _command(home, paths, "--no-index"),
        # As on a terminal, so the live progress line is drawn.
        env=_env(TTY_COMPATIBLE="1", TTY_INTERACTIVE="1", COLUMNS="120"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    seen = bytearray()

    def read_stderr() -> None:
        assert papers.stderr is not None
        for chunk in iter(lambda: papers.stderr.read1(), b""):  # type: ignore[union-attr]
            seen.extend(chunk)

    reader = threading.Thread(target=read_stderr)
    reader.start()
    try:
        # The reading stage counts: two of three papers read, the third waiting.
        _wait_for("the count 2/3", lambda: "testham: reading the text of papers 2/3" in _text(seen))
        os.killpg(papers.pid, signal.SIGINT)  # what Ctrl-C does: the whole group
        papers.wait(timeout=TIMEOUT)
    finally:
        if papers.poll() is None:
            os.killpg(papers.pid, signal.SIGKILL)
        reader.join(timeout=TIMEOUT)
        pipe.unlink()

    assert papers.returncode == 130
    text = _text(seen)
    assert "Traceback" not in text and "Aborted" not in text
    last = text.replace("\r", "\n").rstrip().splitlines()[-1]
    assert last == (
        "Interrupted: the files stored so far are kept, and what was read from them;"
        " run the same command again to continue."
    )
    assert len(_rows(home, "SELECT id FROM documents WHERE text_status = 'ok'")) == 2
