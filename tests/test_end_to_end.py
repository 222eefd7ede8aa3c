"""The whole job through the real commands, against the sample council on 127.0.0.1.

Needs nothing from ../shared: the bundled Sampleshire site is the fixture.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from indexer.db import make_engine
from indexer.home import Home
from indexer.models import Council
from indexer.search.backend import is_postgres
from scraper.sample_site import SampleCouncilServer, publish_next_meeting
from search_cli.app import app
from tests.cli_support import papers_ok


def test_add_crawl_search_show_watch_export(
    runner: CliRunner, home: Home, sample_site: SampleCouncilServer
) -> None:
    papers_ok(runner, "councils", "add", sample_site.base_url, "--slug", "sampleshire")
    probes = len(sample_site.requests)  # detecting the platform
    summary = papers_ok(runner, "crawl", "sampleshire")
    assert "meetings:  14 new, 0 changed, 0 unchanged" in summary
    assert "0 failed" in summary

    # Polite: robots.txt asked for first, and an honest agent on every request.
    targets = [target for target, _ in sample_site.requests[probes:]]
    assert targets[0] == "/robots.txt"
    assert all(h["User-Agent"].startswith("council-papers/") for _, h in sample_site.requests)

    hits = json.loads(
        papers_ok(runner, "search", '"edge of care"', "--format", "json", "--limit", "0")
    )
    assert hits and all("edge of care" in h["snippet"].lower() for h in hits)
    pages = [h for h in hits if h["type"] == "page"]
    assert pages and all(h["url"].endswith(f"#page={h['page']}") for h in pages)
    typo = runner.invoke(app, ["search", "edge of car"])
    if is_postgres(home):  # no spelling suggestions there yet (docs/searching.md)
        assert "No hits for edge of car" in typo.stderr
    else:
        assert "Did you mean: edge of care" in typo.stderr  # the nearest word, not "for"
    resolution = next(h for h in hits if h["type"] == "resolution")
    assert resolution["snippet"].startswith("RESOLVED")

    shown = papers_ok(runner, "show", "meeting", str(resolution["meeting_id"]), "--format", "json")
    meeting = json.loads(shown)
    assert meeting["status"] == "held"
    assert any("edge of care" in r["text"] for r in meeting["resolutions"])
    assert {"chair", "member", "apologies"} <= {a["role"] for a in meeting["attendance"]}

    papers_ok(runner, "watch", "add", "edge", '"edge of care"')
    assert "nothing new" in papers_ok(runner, "watch", "run")
    new_meeting = publish_next_meeting(sample_site)
    second = papers_ok(runner, "crawl", "sampleshire")
    assert "meetings:  1 new, 0 changed, 14 unchanged" in second
    assert "35 unchanged" in second  # nothing unchanged downloaded again
    report = json.loads(papers_ok(runner, "watch", "run", "--format", "json"))
    found = report[0]["hits"]
    assert found and new_meeting.start.date().isoformat() in {h["meeting_date"] for h in found}
    assert "nothing new" in papers_ok(runner, "watch", "run")

    rows = list(csv.DictReader(io.StringIO(papers_ok(runner, "export", "resolutions"))))
    assert rows and {"council", "committee", "meeting_date", "text"} <= set(rows[0])
    assert any("edge of care" in row["text"] for row in rows)


def test_the_demo_keeps_out_of_papers_home_and_runs_again(
    runner: CliRunner, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PAPERS_HOME is set (the fixture), as the README's cron example sets it.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the demo's own home goes
    archive = tmp_path / "shared-files"
    monkeypatch.setenv("PAPERS_FILES", str(archive))  # a real archive's files, left alone too
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"PAPERS_HOME is set ({home.root}): the demo leaves that home alone" in out
    assert "$ papers crawl sampleshire" in out
    assert "$ papers watch run edge-of-care" in out
    assert 'edge-of-care ("edge of care"): ' in out and "nothing new" not in out
    assert "papers councils add staffordshire" in out
    _assert_untouched(home)
    if home.database_url_override:
        assert "DATABASE_URL is set: the demo leaves that database alone" in out
    own = Path(out.split("collects in the home ")[1].split(".\n")[0].replace("\n", ""))
    assert own.parent == tmp_path and (own / "papers.db").exists()
    assert "PAPERS_FILES is set: the demo keeps its files in its own home" in out
    assert list((own / "files").rglob("*.pdf")) and not list(archive.rglob("*.pdf"))

    again = runner.invoke(app, ["demo", "--home", str(own)])  # an explicit --home is used
    assert again.exit_code == 0, again.output
    assert "This home holds the demo from an earlier run: running it again" in again.output
    assert "$ papers councils add" not in again.output
    assert 'edge-of-care ("edge of care"): ' in again.output
    assert "nothing new" not in again.output  # the newly published meeting is news again
    _assert_untouched(home)


def _assert_untouched(home: Home) -> None:
    """Nothing written into PAPERS_HOME, nor into DATABASE_URL's database."""
    assert not (home.root / "papers.db").exists()
    if home.database_url_override:
        engine = make_engine(home.database_url)
        try:
            assert _councils(engine) == 0
        finally:
            engine.dispose()


def _councils(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Council)).scalar_one()
