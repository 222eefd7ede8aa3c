"""Failures are told: a site that refuses every connection fails the crawl (exit 1,
for cron), and `papers status` names failed documents and pages with reasons."""

from __future__ import annotations

import csv
import io
import json
import socket
from pathlib import Path

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from indexer.store.councils import add_council
from scraper.run import SETTINGS_ENV
from scraper.site_server import SiteServer
from search_cli.app import app
from tests.crawl_support import FAST, KINGSTON_WINDOW, kingston_routes

pytestmark = pytest.mark.slow


def _refusing_url() -> str:
    """A loopback address where nothing listens: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_a_site_that_refuses_connections_fails_and_status_says_what_failed(
    shared_fixtures: Path, engine: Engine, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SETTINGS_ENV, json.dumps(FAST))
    since, until = KINGSTON_WINDOW
    with SiteServer(kingston_routes(shared_fixtures)) as site:
        add_council(engine, "kingston", "Kingston upon Thames", "moderngov", site.base_url + "/")
        add_council(engine, "refusing", "Refusing", "moderngov", _refusing_url())
        args = ["crawl", "--all", "--since", since, "--until", until, "--committee", "north"]
        result = runner.invoke(app, [*args, "--no-index"])

    assert result.exit_code == 1
    assert "kingston: ok_with_errors\n" in result.stdout
    assert "refusing: failed\n" in result.stdout
    assert "Connection refused" in result.stdout
    assert "Failed: refusing (see the summary above, or `papers status`)" in result.stderr

    table = runner.invoke(app, ["status"]).stdout
    assert "Failures (" in table
    assert "download failed: HTTP 404" in table
    assert "... and " in table and " more: papers status --failures" in table

    report = json.loads(runner.invoke(app, ["status", "--format", "json"]).stdout)
    total = report["failures_total"]
    assert len(report["failures"]) == 10 < total
    assert report["failures_more"] == f"{total - 10} more: papers status --failures --format json"
    assert {row["council"] for row in report["failures"]} == {"kingston"}  # sorted by council

    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, FAILURES + ["csv"]).stdout)))
    assert len(rows) == total
    refused = [row for row in rows if row["council"] == "refusing"]
    assert refused and all(row["kind"] == "page" for row in refused)
    assert all("Connection refused" in row["reason"] for row in refused)
    lines = runner.invoke(app, FAILURES + ["jsonl"]).stdout.splitlines()
    assert [json.loads(line) for line in lines] == rows
    assert runner.invoke(app, FAILURES + ["json"]).exit_code == 0


FAILURES = ["status", "--failures", "--format"]


def test_jsonl_and_csv_need_the_failure_list(runner: CliRunner, engine: Engine) -> None:
    result = runner.invoke(app, ["status", "--format", "csv"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: --format csv lists rows: use it with --failures"
