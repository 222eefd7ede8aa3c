"""Watch deliveries against real servers on 127.0.0.1: SMTP (aiosmtpd) and a webhook.

A failing delivery leaves its hits for the next run; a good one marks them;
nothing reaches a destination twice, and destinations are independent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any
from unittest.mock import ANY

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine
from typer.testing import CliRunner

from indexer.watch.matching import KEY_SCHEME
from search_cli.app import app
from tests.watch_support import QUERY, Inbox, Webhook, first_crawl, free_port, second_crawl, serving


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    with serving(Webhook()) as hook:
        yield hook


@pytest.fixture
def news(engine: Engine, runner: CliRunner) -> dict[str, str]:
    """A watch added before a crawl that brings six pieces of news."""
    ids = first_crawl(engine, date.today())
    assert runner.invoke(app, ["watch", "add", "edge", QUERY]).exit_code == 0
    return second_crawl(engine, ids)


def _run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, ["watch", "run", "--format", "json", *args])


def test_email_down_then_up_then_nothing_twice(news: dict[str, str], runner: CliRunner) -> None:
    port = free_port()
    smtp = ["--email", "parent@example.org", "--smtp-host", "127.0.0.1", "--smtp-port", str(port)]

    result = _run(runner, *smtp)
    assert result.exit_code == 1
    assert "Delivery failed: e-mail to parent@example.org via 127.0.0.1:" in result.stderr
    assert "6 hits of edge to email:parent@example.org kept for the next run" in result.stderr

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        result = _run(runner, *smtp)
        assert result.exit_code == 0, result.output
        assert "Sent 6 hits of edge to email:parent@example.org\n" in result.stderr
        assert "again" not in result.stderr  # refused: the first run sent nothing
        # The output had them on the first run: it does not get them again.
        assert json.loads(result.stdout) == [
            {"id": ANY, "watch": "edge", "query": QUERY, "hits": []}
        ]
        result = _run(runner, *smtp)
        assert result.exit_code == 0
        assert "Sent" not in result.stderr
    finally:
        controller.stop()

    [(recipients, message)] = inbox.messages
    assert recipients == ["parent@example.org"]
    assert message["Subject"] == "papers: 6 new for your watch edge"
    body = message.get_payload(decode=True).decode("utf-8")
    assert body.startswith(f"edge ({QUERY}): 6 new")
    assert "Meeting cancelled: 3. Edge of care: placements" in body
    assert "Supplement.pdf#page=2" in body
    # The matched words as words: no **marks** in a message a person reads.
    assert "Table 1: edge of care referrals." in body and "**" not in body


def test_smtp_settings_from_environment(news: dict[str, str], runner: CliRunner) -> None:
    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        result = runner.invoke(
            app,
            ["watch", "run", "--email", "a@example.org"],
            env={
                "PAPERS_SMTP_HOST": "127.0.0.1",
                "PAPERS_SMTP_PORT": str(port),
                "PAPERS_EMAIL_FROM": "alerts@campaign.example",
            },
        )
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    [(_, message)] = inbox.messages
    assert message["From"] == "alerts@campaign.example"


def test_webhook_500_then_success(
    news: dict[str, str], runner: CliRunner, webhook: Webhook
) -> None:
    webhook.statuses = [500]
    result = _run(runner, "--webhook", webhook.url)
    assert result.exit_code == 1
    assert f"webhook {webhook.url} answered HTTP 500" in result.stderr
    assert webhook.received == []

    result = _run(runner, "--webhook", webhook.url)
    assert result.exit_code == 0, result.output
    # The server answered, so it may have acted on it: the same notice, said to be sent again.
    [posted] = webhook.received
    assert f"Sent 6 hits of edge to webhook:{webhook.url} again (notice {posted['id']}" in (
        result.stderr
    )
    assert webhook.headers[0]["Idempotency-Key"] == posted["id"]
    assert posted["watch"] == "edge"
    assert posted["query"] == QUERY
    assert {h["id"]: h["kind"] for h in posted["hits"]} == news
    assert all(h["key"].startswith(f"{KEY_SCHEME}{h['id']}|") for h in posted["hits"])

    result = _run(runner, "--webhook", webhook.url)
    assert result.exit_code == 0
    assert len(webhook.received) == 1


def test_destinations_are_independent(
    news: dict[str, str], runner: CliRunner, webhook: Webhook
) -> None:
    """The webhook succeeds while e-mail fails: only e-mail is retried."""
    port = free_port()
    smtp = ["--email", "p@example.org", "--smtp-host", "127.0.0.1", "--smtp-port", str(port)]
    result = _run(runner, "--webhook", webhook.url, *smtp)
    assert result.exit_code == 1
    assert len(webhook.received) == 1

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        result = _run(runner, "--webhook", webhook.url, *smtp)
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    assert len(inbox.messages) == 1
    assert len(webhook.received) == 1


def test_dry_run_sends_nothing(news: dict[str, str], runner: CliRunner, webhook: Webhook) -> None:
    result = _run(runner, "--webhook", webhook.url, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"Would send 6 hits of edge to webhook:{webhook.url}" in result.stderr
    assert webhook.received == []
    result = _run(runner, "--webhook", webhook.url)
    assert result.exit_code == 0
    assert len(webhook.received[0]["hits"]) == 6


def test_webhook_redirect_is_a_failure(
    news: dict[str, str], runner: CliRunner, webhook: Webhook
) -> None:
    webhook.statuses = [302]
    result = _run(runner, "--webhook", webhook.url)
    assert result.exit_code == 1
    assert "answered HTTP 302" in result.stderr
    assert webhook.gets == 0
