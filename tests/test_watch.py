"""Watches against a real index: add, run, new papers, run (exactly those), run (nothing)."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest
from defusedxml import ElementTree as SafeET
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from indexer.home import Home
from indexer.models import AgendaItem, Council, Document, Meeting, WatchHit
from indexer.watch.atom import ATOM, write_atom
from indexer.watch.report import WatchReport
from search_cli.app import app
from tests.watch_support import BASE, QUERY, first_crawl, second_crawl

A = f"{{{ATOM}}}"


@pytest.fixture
def crawled(engine: Engine) -> dict[str, int]:
    return first_crawl(engine, date.today())


def _run_json(runner: CliRunner, *args: str) -> dict[str, list[dict]]:
    result = runner.invoke(app, ["watch", "run", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return {report["watch"]: report["hits"] for report in json.loads(result.stdout)}


def _add(runner: CliRunner, *args: str) -> None:
    result = runner.invoke(app, ["watch", "add", "edge", QUERY, *args])
    assert result.exit_code == 0, result.output


def test_add_run_new_papers_run_again(
    engine: Engine, crawled: dict[str, int], runner: CliRunner
) -> None:
    _add(runner)
    assert _run_json(runner) == {"edge": []}

    expected = second_crawl(engine, crawled)
    hits = _run_json(runner)["edge"]
    assert {h["id"]: h["kind"] for h in hits} == expected

    assert _run_json(runner) == {"edge": []}


def test_what_each_kind_of_news_says(
    engine: Engine, crawled: dict[str, int], runner: CliRunner
) -> None:
    _add(runner)
    expected = second_crawl(engine, crawled)
    by_kind = {h["kind"]: h for h in _run_json(runner)["edge"]}
    assert by_kind["cancelled"]["change"] == "the meeting was cancelled"
    assert by_kind["cancelled"]["meeting_status"] == "cancelled"
    assert by_kind["changed"]["change"] == "the text changed"
    page = by_kind["new_page"]
    assert page["url"] == "https://democracy.example.gov.uk/documents/s200/Supplement.pdf#page=2"
    assert page["page"] == 2
    assert "**edge of care**" in page["snippet"].lower()
    new_item = by_kind["new_item"]
    assert new_item["council"] == "kingston"
    assert new_item["item_number"] == "2."
    assert new_item["change"] is None
    assert set(expected.values()) == set(by_kind)


def test_backfill_reports_what_already_matches(crawled: dict[str, int], runner: CliRunner) -> None:
    _add(runner, "--backfill")
    hits = _run_json(runner)["edge"]
    assert {h["id"] for h in hits} == {
        f"item:{crawled['edge_item']}",
        f"resolution:{crawled['decision']}",
        f"item:{crawled['to_cancel_item']}",
    }
    assert _run_json(runner) == {"edge": []}


def test_filters_and_upcoming_only(
    engine: Engine, crawled: dict[str, int], runner: CliRunner
) -> None:
    result = runner.invoke(
        app, ["watch", "add", "soon", QUERY, "--upcoming-only", "--kind", "item", "--backfill"]
    )
    assert result.exit_code == 0, result.output
    hits = _run_json(runner, "soon")["soon"]
    assert [h["id"] for h in hits] == [f"item:{crawled['to_cancel_item']}"]
    with Session(engine) as s, s.begin():
        s.add(Council(slug="thurrock", name="Thurrock Council", platform="moderngov"))
    result = runner.invoke(app, ["watch", "add", "elsewhere", QUERY, "--council", "Thurrock"])
    assert result.exit_code == 0, result.output
    second_crawl(engine, crawled)
    assert _run_json(runner, "elsewhere") == {"elsewhere": []}


def test_dry_run_shows_and_marks_nothing(
    engine: Engine, crawled: dict[str, int], runner: CliRunner
) -> None:
    _add(runner)
    expected = second_crawl(engine, crawled)
    with Session(engine) as s:
        before = s.scalars(select(WatchHit.key)).all()
    dry = _run_json(runner, "--dry-run")
    assert {h["id"] for h in dry["edge"]} == set(expected)
    with Session(engine) as s:
        assert s.scalars(select(WatchHit.key)).all() == before
    assert {h["id"] for h in _run_json(runner)["edge"]} == set(expected)


def test_text_output(engine: Engine, crawled: dict[str, int], runner: CliRunner) -> None:
    _add(runner)
    second_crawl(engine, crawled)
    result = runner.invoke(app, ["watch", "run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"edge ({QUERY}): 6 new\n")
    assert "Meeting cancelled: 3. Edge of care: placements" in result.stdout
    assert "What changed: the meeting was cancelled" in result.stdout
    assert "In: Supplement: late figures, p. 2" in result.stdout
    result = runner.invoke(app, ["watch", "run"])
    assert result.stdout == f"edge ({QUERY}): nothing new\n\n"


def test_atom_feed(
    engine: Engine, crawled: dict[str, int], runner: CliRunner, tmp_path: Path
) -> None:
    _add(runner)
    expected = second_crawl(engine, crawled)
    feed_path = tmp_path / "edge.xml"
    result = runner.invoke(app, ["watch", "run", "--format", "atom", "--output", str(feed_path)])
    assert result.exit_code == 0, result.output
    feed = SafeET.fromstring(feed_path.read_bytes())
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}id", "").startswith("urn:uuid:")
    assert feed.findtext(f"{A}title") == "papers watch: edge"
    assert feed.find(f"{A}author/{A}name") is not None
    assert feed.findtext(f"{A}updated", "").endswith("Z")
    entries = feed.findall(f"{A}entry")
    assert len(entries) == len(expected)
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert entry.findtext(f"{A}id", "").startswith("urn:uuid:")
        assert entry.findtext(f"{A}title")
        assert entry.findtext(f"{A}updated", "").endswith("Z")
        assert entry.find(f"{A}category").get("term") in set(expected.values())
    links = {e.find(f"{A}link").get("href") for e in entries if e.find(f"{A}link") is not None}
    assert "https://democracy.example.gov.uk/documents/s200/Supplement.pdf#page=2" in links

    # The feed keeps its entries, with the same ids, on the next run.
    result = runner.invoke(app, ["watch", "run", "--format", "atom", "--output", str(feed_path)])
    again = SafeET.fromstring(feed_path.read_bytes())
    assert [e.findtext(f"{A}id") for e in again.findall(f"{A}entry")] == ids


def test_list_show_remove(crawled: dict[str, int], runner: CliRunner, home: Home) -> None:
    _add(runner, "--council", "kingston", "--backfill")
    _run_json(runner)
    result = runner.invoke(app, ["watch", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["name"] == "edge"
    assert row["query"] == QUERY
    assert row["council"] == "kingston"
    assert row["hits"] == 3
    assert row["last_success_at"] is not None

    result = runner.invoke(app, ["watch", "show", "edge", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("first_seen,kind,council")
    assert len(result.stdout.splitlines()) == 4
    result = runner.invoke(app, ["watch", "show", "edge", "--limit", "0"])
    assert result.exit_code == 0, result.output
    assert "council: kingston" in result.stdout
    assert result.stdout.count("Found: ") == 3 and "UTC" in result.stdout
    result = runner.invoke(app, ["watch", "list"])
    assert "council kingston" in result.stdout  # the filters, folded into one column

    result = runner.invoke(app, ["watch", "remove", "edge"])
    assert result.exit_code == 0
    result = runner.invoke(app, ["watch", "show", "edge"])
    assert result.exit_code == 1
    assert "No watch called 'edge'" in result.stderr


def test_user_mistakes_are_one_line(crawled: dict[str, int], runner: CliRunner) -> None:
    _add(runner)
    cases = [
        (["watch", "add", "edge", QUERY], "A watch called 'edge' already exists"),
        (["watch", "add", "two words", QUERY], "Cannot use 'two words' as a watch name"),
        (["watch", "add", "bad", '"edge of'], "quote"),
        (["watch", "run", "nope"], "No watch called 'nope'"),
        (["watch", "run", "--webhook", "ftp://x"], "is not an http(s) URL"),
        (["watch", "run", "--email", "not-an-address"], "is not an e-mail address"),
    ]
    for args, message in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert message in result.stderr
        assert "Traceback" not in result.output


def test_run_without_watches(engine: Engine, runner: CliRunner) -> None:
    result = runner.invoke(app, ["watch", "run"])
    assert result.exit_code == 1
    assert "There are no watches" in result.stderr


def test_each_output_file_is_its_own_destination(
    engine: Engine, crawled: dict[str, int], runner: CliRunner, tmp_path: Path
) -> None:
    _add(runner)
    expected = second_crawl(engine, crawled)
    report = tmp_path / "report.json"
    for _ in range(2):
        result = runner.invoke(app, ["watch", "run", "--format", "json", "-o", str(report)])
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
    assert json.loads(report.read_text(encoding="utf-8"))[0]["hits"] == []
    assert {h["id"] for h in _run_json(runner)["edge"]} == set(expected)
    result = runner.invoke(
        app, ["watch", "run", "--format", "json", "-o", str(tmp_path / "b.json")]
    )
    assert len(json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))[0]["hits"]) == 6


def test_a_cancelled_meeting_is_one_notice_however_many_papers_match(
    engine: Engine, crawled: dict[str, int], runner: CliRunner
) -> None:
    with Session(engine) as s, s.begin():
        later = s.get_one(Meeting, crawled["later"])
        s.add(
            AgendaItem(
                meeting=later, key="4", number="4.", position=4,
                title="Edge of care: staffing", description="Edge of care social workers.",
            )
        )  # fmt: skip
    _add(runner)
    with Session(engine) as s, s.begin():
        s.get_one(Meeting, crawled["later"]).status = "cancelled"
    [notice] = _run_json(runner)["edge"]
    assert notice["kind"] == "cancelled"
    assert notice["change"] == "the meeting was cancelled (1 more matching paper there)"
    assert len(notice["also"]) == 1
    assert _run_json(runner) == {"edge": []}


def test_hits_recorded_under_an_older_key_scheme_are_not_news_again(
    engine: Engine, crawled: dict[str, int], runner: CliRunner
) -> None:
    _add(runner, "--backfill")
    assert _run_json(runner)["edge"]
    with Session(engine) as s, s.begin():  # as a home from before KEY_SCHEME stores them
        for hit in s.scalars(select(WatchHit)):
            hit.key = "old-fingerprint|" + hit.hit_id
    assert _run_json(runner) == {"edge": []}
    with Session(engine) as s, s.begin():
        s.get_one(Meeting, crawled["later"]).status = "cancelled"
    assert [h["kind"] for h in _run_json(runner)["edge"]] == ["cancelled"]


def test_atom_and_email_show_matched_words_without_marks(
    engine: Engine, crawled: dict[str, int], runner: CliRunner, tmp_path: Path
) -> None:
    _add(runner)
    second_crawl(engine, crawled)
    feed_path = tmp_path / "edge.xml"
    result = runner.invoke(app, ["watch", "run", "--format", "atom", "--output", str(feed_path)])
    assert result.exit_code == 0, result.output
    entries = SafeET.fromstring(feed_path.read_bytes()).findall(f"{A}entry")
    page = next(e for e in entries if e.find(f"{A}category").get("term") == "new_page")
    summary = page.findtext(f"{A}summary", "")
    assert "Table 1: edge of care referrals." in summary and "**" not in summary
    content = page.find(f"{A}content")
    assert content is not None and content.get("type") == "html"
    html = SafeET.fromstring(f"<div>{content.text}</div>")  # escaped HTML, well formed
    assert [b.text for b in html.iter("b")] == ["edge of care"]
    assert "**" not in (content.text or "")


def test_atom_content_escapes_council_text(tmp_path: Path) -> None:
    hit = {
        "key": "2|item:1|f||",
        "id": "item:1",
        "kind": "new_item",
        "first_seen": "2026-01-02T03:04:05",
        "title": "Costs <over> £5m & rising",
        "snippet": "Costs <over> £5m & **rising** <script>",
    }
    stream = io.StringIO()
    write_atom([WatchReport("w", "rising", [hit])], stream, datetime(2026, 1, 2))
    entry = SafeET.fromstring(stream.getvalue().encode()).find(f"{A}entry")
    assert entry.findtext(f"{A}summary") == "Costs <over> £5m & rising <script>"
    html = entry.findtext(f"{A}content", "")
    assert html == "<p>Costs &lt;over&gt; £5m &amp; <b>rising</b> &lt;script&gt;</p>"


def test_an_old_paper_found_by_its_title_is_not_news(
    engine: Engine, crawled: dict[str, int], runner: CliRunner
) -> None:
    """Homes from before document-title hits: their papers' titles are not news once found."""
    with Session(engine) as s, s.begin():
        council = s.scalars(select(Council.id)).one()
        s.add(Document(council_id=council, url=f"{BASE}/old.pdf", title="Edge of care: review"))
    _add(runner)
    assert _run_json(runner) == {"edge": []}
    with Session(engine) as s, s.begin():  # as the watch's hits were before titles were searched
        for hit in s.scalars(select(WatchHit).where(WatchHit.hit_id.startswith("document:"))):
            s.delete(hit)
    assert _run_json(runner) == {"edge": []}
    with Session(engine) as s, s.begin():  # a paper published since is
        s.add(Document(council_id=council, url=f"{BASE}/new.pdf", title="Edge of care: update"))
    hits = _run_json(runner)["edge"]
    assert [(h["kind"], h["title"]) for h in hits] == [("new_document", "Edge of care: update")]


def test_backfill_reports_papers_found_by_their_title(
    engine: Engine, crawled: dict[str, int], runner: CliRunner
) -> None:
    with Session(engine) as s, s.begin():
        council = s.scalars(select(Council.id)).one()
        s.add(Document(council_id=council, url=f"{BASE}/old.pdf", title="Edge of care: review"))
    _add(runner, "--backfill")
    hits = _run_json(runner)["edge"]
    assert ("new_document", "Edge of care: review") in [(h["kind"], h["title"]) for h in hits]


def test_new_is_not_a_watch_name(crawled: dict[str, int], runner: CliRunner) -> None:
    result = runner.invoke(app, ["watch", "add", "new", QUERY])
    assert result.exit_code == 1
    assert "names a page of `papers serve`" in result.output
