"""`papers watch run` killed (SIGKILL, a real process) while its second
notice is being delivered, then run again.

The receiver, a real server on 127.0.0.1, took the second notice and is
waiting to answer when the sender dies. The rerun sends that notice again
(nothing is lost) with the same id, so the receiver can tell the repeat,
and does not send the first notice again.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine
from typer.testing import CliRunner

from indexer.home import Home
from search_cli.app import app
from tests.conftest import REPO_ROOT
from tests.watch_support import (
    HOLD_SECONDS,
    QUERY,
    Hold,
    Inbox,
    Webhook,
    first_crawl,
    free_port,
    second_crawl,
    serving,
)


@pytest.fixture
def two_watches(engine: Engine, runner: CliRunner) -> dict[str, str]:
    """Watches "care" and "edge" (run in that order), each with the same six pieces of news."""
    ids = first_crawl(engine, date.today())
    for name in ("edge", "care"):
        assert runner.invoke(app, ["watch", "add", name, QUERY]).exit_code == 0
    return second_crawl(engine, ids)


def _kill_during_held_delivery(home: Home, hold: Hold, *args: str) -> None:
    """Start `papers watch run ARGS`, SIGKILL it once the receiver holds a delivery."""
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PAPERS_HOME": str(home.root)}
    command = [sys.executable, "-m", "search_cli", "watch", "run", *args]
    papers = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        if not hold.arrived.wait(HOLD_SECONDS):
            papers.kill()
            pytest.fail(f"the held delivery never arrived: {papers.communicate()[1]}")
        papers.kill()
        papers.wait(timeout=HOLD_SECONDS)
    finally:
        if papers.poll() is None:
            papers.kill()
        hold.released.set()
    assert papers.returncode == -9


def test_webhook_killed_mid_post_sends_that_notice_again_with_its_id(
    home: Home, two_watches: dict[str, str], runner: CliRunner, tmp_path: Path
) -> None:
    with serving(Webhook(hold_at=2)) as hook:
        _kill_during_held_delivery(home, hook.hold, "--webhook", hook.url)
        assert [posted["watch"] for posted in hook.received] == ["care", "edge"]

        result = runner.invoke(app, ["watch", "run", "--webhook", hook.url])
        assert result.exit_code == 0, result.output
        assert f"Sent 6 hits of edge to webhook:{hook.url} again (notice " in result.stderr
        again = runner.invoke(app, ["watch", "run", "--webhook", hook.url])
        assert again.exit_code == 0 and "Sent" not in again.stderr

    care, edge, repeat = hook.received
    assert repeat == edge  # the same notice, word for word
    keys = [headers["Idempotency-Key"] for headers in hook.headers]
    assert keys == [care["id"], edge["id"], edge["id"]]
    assert care["id"] != edge["id"]
    # What a receiver that drops repeats by id ends up with: every hit of both, once.
    kept = {posted["id"]: posted for posted in hook.received}
    for posted in kept.values():
        assert {h["id"]: h["kind"] for h in posted["hits"]} == two_watches
        assert len({h["entry_id"] for h in posted["hits"]}) == 6


def test_email_killed_mid_message_sends_that_message_again_with_its_message_id(
    home: Home, two_watches: dict[str, str], runner: CliRunner
) -> None:
    port = free_port()
    smtp = ["--email", "p@example.org", "--smtp-host", "127.0.0.1", "--smtp-port", str(port)]
    inbox = Inbox(hold_at=2)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        _kill_during_held_delivery(home, inbox.hold, *smtp)
        result = runner.invoke(app, ["watch", "run", *smtp])
        assert result.exit_code == 0, result.output
        assert "Sent 6 hits of edge to email:p@example.org again (notice " in result.stderr
        again = runner.invoke(app, ["watch", "run", *smtp])
        assert again.exit_code == 0 and "Sent" not in again.stderr
    finally:
        inbox.hold.released.set()
        controller.stop()

    messages = [message for _, message in inbox.messages]
    assert [m["Subject"] for m in messages] == [
        "papers: 6 new for your watch care",
        "papers: 6 new for your watch edge",
        "papers: 6 new for your watch edge",
    ]
    ids = [m["Message-ID"] for m in messages]
    assert ids[1] == ids[2] != ids[0]
    assert messages[1].get_payload(decode=True) == messages[2].get_payload(decode=True)
