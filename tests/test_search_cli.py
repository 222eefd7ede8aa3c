"""`papers index` and `papers search`, run in-process against a real index."""

from __future__ import annotations

import csv
import io
import json

import pytest

from indexer.search.backend import is_postgres
from indexer.search_index import HIT_FIELDS
from search_cli.app import app
from tests.search_support import populate, whoosh_only

WIDE = {"COLUMNS": "250"}


@pytest.fixture
def ids(engine, home, runner):  # type: ignore[no-untyped-def]
    found = populate(engine)
    result = runner.invoke(app, ["index"])
    assert result.exit_code == 0, result.output
    return found


def run(runner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["search", *args], env=WIDE)


def test_index_reports_what_changed(runner, home, engine, ids) -> None:
    again = runner.invoke(app, ["index"])
    assert again.exit_code == 0
    assert "Search index updated: 0 added, 0 changed, 0 removed, 16 unchanged" in again.output
    rebuilt = runner.invoke(app, ["index", "--rebuild"])
    assert "Rebuilt the search index: 16 added" in rebuilt.output


def test_search_builds_the_index_when_there_is_none(runner, home, engine) -> None:
    populate(engine)
    result = run(runner, '"edge of care"', "--format", "json")
    assert result.exit_code == 0, result.output
    # PostgreSQL indexed the rows as they were committed: there is nothing to build.
    assert ("There is no search index yet" in result.stderr) != is_postgres(home)
    assert len(json.loads(result.stdout)) == 5


def test_table_shows_date_item_marked_snippet_and_page_citation(runner, ids) -> None:
    result = run(runner, '"edge of care"', "--kind", "page")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2018-07-10" in out and "thurrock" in out
    assert "The edge of care" in out
    assert "Agenda reports pack, p. 2" in out
    # Never folded: the URL is whole on one line, ready to click or copy.
    assert any(
        line.strip().endswith("Agenda%20reports%20pack.pdf#page=2") for line in out.splitlines()
    )
    assert "1 hit, showing 1." in result.stderr


def test_json_has_exactly_the_documented_fields(runner, ids) -> None:
    result = run(runner, '"edge of care"', "--format", "json", "--sort", "newest")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert [list(hit) for hit in hits] == [list(HIT_FIELDS)] * 5
    assert HIT_FIELDS == (
        "id", "type", "council", "committee", "meeting_id", "meeting_date", "item_number",
        "title", "snippet", "document_title", "document_kind", "document_url", "page", "url",
        "archived_url", "read_from_scan", "score",
    )  # fmt: skip
    assert [h["meeting_date"] for h in hits] == sorted(
        (h["meeting_date"] for h in hits), reverse=True
    )
    page = next(h for h in hits if h["type"] == "page")
    assert page["page"] == 2 and page["url"].endswith("#page=2")
    assert "**edge of care**" in page["snippet"]


def test_jsonl_and_csv(runner, ids) -> None:
    lines = run(runner, "transport", "--format", "jsonl").stdout.splitlines()
    assert {json.loads(line)["type"] for line in lines} == {"item", "resolution"}
    rows = list(csv.reader(io.StringIO(run(runner, "transport", "--format", "csv").stdout)))
    assert rows[0] == list(HIT_FIELDS) and len(rows) == 3


def test_options_narrow_and_limit(runner, ids) -> None:
    def count(*args: str) -> int:
        result = run(runner, "care", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return len(json.loads(result.stdout))

    everything = count("--limit", "0")
    assert everything == count() == 7
    assert count("--limit", "2") == 2
    assert count("--council", "kingston") == 1
    assert count("--document-kind", "minutes") == 1
    assert count("--kind", "page", "--kind", "work-programme") == 3
    assert count("--since", "2019-01-01", "--until", "2019-12-31", "--limit", "0") < everything
    assert count("--committee", "cabinet") == 0


def test_group_by_meeting_and_facets(runner, ids) -> None:
    result = run(runner, '"edge of care"', "--group", "meeting", "--facets")
    assert result.exit_code == 0, result.output
    assert "2018-07-10 · thurrock · Children's Services Overview and Scrutiny Committee" in (
        result.stdout
    )
    assert "hits per council" in result.stdout and "hits per year" in result.stdout
    as_json = run(runner, '"edge of care"', "--group", "meeting", "--format", "json", "--facets")
    whole = json.loads(as_json.stdout)
    assert set(whole) == {"total", "total_exact", "meetings", "facets"}
    assert whole["facets"]["council"] == {"kingston": 1, "thurrock": 4}
    assert whole["total"] == 5 and whole["total_exact"] is True
    assert_grouped(whole["meetings"])
    assert "hits per council" not in as_json.stderr


def assert_grouped(meetings: list[dict]) -> None:  # type: ignore[type-arg]
    """One object per meeting, holding exactly that meeting's hits."""
    keys = [(m["council"], m["meeting_id"], m["meeting_date"]) for m in meetings]
    assert len(keys) == len(set(keys)) == 3
    for meeting in meetings:
        assert set(meeting) == {"council", "meeting_id", "meeting_date", "committee", "hits"}
        for hit in meeting["hits"]:
            assert set(hit) == set(HIT_FIELDS)
            assert (hit["council"], hit["meeting_id"], hit["meeting_date"]) == (
                meeting["council"],
                meeting["meeting_id"],
                meeting["meeting_date"],
            )
    assert sum(len(m["hits"]) for m in meetings) == 5


def test_group_and_facets_have_a_shape_for_programs(runner, ids) -> None:
    grouped = run(runner, '"edge of care"', "--group", "meeting", "--format", "json")
    assert_grouped(json.loads(grouped.stdout))
    lines = run(runner, '"edge of care"', "--group", "meeting", "--format", "jsonl").stdout
    assert_grouped([json.loads(line) for line in lines.splitlines()])
    hits = run(runner, '"edge of care"', "--facets", "--format", "json").stdout
    assert len(json.loads(hits)["hits"]) == 5
    counts = run(runner, '"edge of care"', "--facets", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(counts)))
    assert {(r["facet"], r["value"], r["hits"]) for r in rows} >= {
        ("council", "thurrock", "4"),
        ("year", "2018", "3"),
    }
    as_jsonl = run(runner, '"edge of care"', "--facets", "--format", "jsonl").stdout
    assert {"facet": "year", "value": "2019", "hits": 1} in [
        json.loads(line) for line in as_jsonl.splitlines()
    ]
    # CSV has no nesting: a meeting's hits are consecutive rows.
    table = run(runner, '"edge of care"', "--group", "meeting", "--format", "csv").stdout
    meetings = [r["meeting_date"] for r in csv.DictReader(io.StringIO(table))]
    assert len(meetings) == 5 and meetings == sorted(meetings, key=meetings.index)


def test_glossary_is_reported_and_exact_turns_it_off(runner, ids) -> None:
    expanded = run(runner, "LAC")
    assert "Also searched: LAC → looked after children" in expanded.stderr
    # The item and its resolution; not the pack page it is filed under, whose
    # own text does not say "looked after children".
    assert "2 hits" in expanded.stderr
    exact = run(runner, "LAC", "--exact")
    assert "Also searched" not in exact.stderr
    assert "No hits for LAC." in exact.stderr


def test_no_hits_suggests_spellings(runner, home, ids) -> None:
    whoosh_only(home, "PostgreSQL offers no spelling suggestions")
    result = run(runner, "plasements", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "No hits for plasements." in result.stderr
    assert "Did you mean: placements" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (['"edge of care'], 'Error: The query has an unclosed quote: add the closing "'),
        (["ward:x care"], "Error: Unknown field 'ward:' in the query"),
        (
            ["care", "--limit", "-1"],
            "Error: --limit must be a number from 1 to 1,000,000, or 0 for all hits",
        ),
        (["care", "--since", "2020-01-01", "--until", "2019-01-01"], "Error: --since is after"),
        (["care", "--limt", "5"], "Error: No such option: --limt"),
    ],
)
def test_mistakes_get_one_plain_line(runner, ids, args: list[str], message: str) -> None:
    result = run(runner, *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_date_in_another_form_says_which_form(runner, ids) -> None:
    result = run(runner, "care", "--since", "10/03/2020")
    assert result.exit_code == 2
    assert "'10/03/2020': use YYYY-MM-DD, e.g. 2026-03-10" in result.stderr


def test_unquoted_words_and_a_leading_minus_word_are_the_query(runner, ids) -> None:
    both = json.loads(run(runner, "edge", "care", "--format", "json").stdout)
    assert both == json.loads(run(runner, "edge care", "--format", "json").stdout)
    assert both
    result = run(runner, "-care", "--format", "json", "--limit", "0")  # not an option
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert hits and not any("care" in hit["snippet"].lower() for hit in hits)
    # A word starting with h is not -h (help): it too is left out.
    result = run(runner, "care", "-housing", "--format", "json")
    assert result.exit_code == 0 and result.stdout.startswith("[")
    assert "Usage:" in run(runner, "-h").stdout


def test_an_empty_home_says_how_to_collect_papers(runner, home) -> None:
    result = run(runner, "edge")
    assert result.exit_code == 0, result.output
    assert "No hits for edge." in result.stderr
    assert "Nothing has been collected yet" in result.stderr and "papers demo" in result.stderr


def test_council_by_short_or_full_name_and_a_plain_error_for_neither(runner, ids) -> None:
    by_slug = run(runner, '"edge of care"', "--council", "thurrock", "--format", "json")
    by_name = run(runner, '"edge of care"', "--council", "Thurrock Council", "--format", "json")
    assert json.loads(by_slug.stdout) and by_slug.stdout == by_name.stdout
    wrong = run(runner, "edge", "--council", "nowhere")
    assert wrong.exit_code == 1
    assert wrong.stderr.startswith("Error: No council 'nowhere' in this home")
    assert runner.invoke(app, ["watch", "add", "w", "edge", "--council", "nowhere"]).exit_code == 1
