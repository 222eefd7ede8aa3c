"""A page is cited only for words printed on that page; a title is a document hit.

Real imports (a PDF made on the spot, and the real Kingston petition report
in ../shared), a real index, the real `papers search`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from indexer.models import Page
from search_cli.app import app
from tests.extract_support import make_pdf
from tests.parse_support import KINGSTON_MANORGATE

KINGSTON_TITLE = "Petition regarding the introduction of traffic management measures"


def _hits(runner, *args: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    result = runner.invoke(app, ["search", *args, "--limit", "0", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _pages_with(engine, words: str) -> set[int]:  # type: ignore[no-untyped-def]
    """The pages whose own text has `words` (case and spacing aside)."""
    wanted = " ".join(words.lower().split())
    with Session(engine) as s:
        pages = s.execute(select(Page.number, Page.text)).all()
    return {number for number, text in pages if wanted in " ".join(text.lower().split())}


@pytest.fixture
def octopus(tmp_path: Path, runner, home, engine):  # type: ignore[no-untyped-def]
    paper = make_pdf(
        tmp_path / "report.pdf",
        [
            ["Consultation report", "Residents were asked about the pond."],
            ["Responses", "Most residents support the new pond."],
            ["Next steps", "The octopusgarden will be planted in spring."],
        ],
    )
    title = "Octopusgarden consultation report"
    result = runner.invoke(app, ["import", str(paper), "--council", "t", "--title", title])
    assert result.exit_code == 0, result.output
    return engine


@pytest.mark.parametrize("query", ["octopusgarden", '"octopusgarden consultation"', "residents"])
def test_a_page_is_cited_only_where_its_own_text_has_the_words(runner, octopus, query) -> None:
    pages = {hit["page"] for hit in _hits(runner, query, "--kind", "page")}
    words = query.strip('"').split()
    expected = set.intersection(*(_pages_with(octopus, w) for w in words))
    assert pages == expected
    if query == "octopusgarden":
        assert pages == {3}  # the right page is still cited


def test_a_title_match_is_a_document_hit_without_a_page(runner, octopus) -> None:
    hits = _hits(runner, '"octopusgarden consultation report"')
    assert [(h["type"], h["page"]) for h in hits] == [("document", None)]
    assert hits[0]["document_title"] == "Octopusgarden consultation report"
    assert hits[0]["url"] == hits[0]["document_url"]
    table = runner.invoke(app, ["search", "octopusgarden", "--kind", "document"])
    assert "Octopusgarden consultation report" in table.stdout
    assert ", p. " not in table.stdout


def test_real_kingston_report_phrase_cites_only_the_pages_that_have_it(
    runner, home, engine, shared_fixtures
) -> None:
    paper = shared_fixtures / KINGSTON_MANORGATE
    result = runner.invoke(
        app, ["import", str(paper), "--council", "kingston", "--title", KINGSTON_TITLE]
    )
    assert result.exit_code == 0, result.output
    phrase = "introduction of traffic management measures"
    having = _pages_with(engine, phrase)
    assert having and having != set(range(1, 8))  # the report has pages without it
    assert {hit["page"] for hit in _hits(runner, f'"{phrase}"', "--kind", "page")} == having
    cited = {hit["page"] for hit in _hits(runner, "manorgate", "--kind", "page")}
    assert cited == _pages_with(engine, "manorgate")
