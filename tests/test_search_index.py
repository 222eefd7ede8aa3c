"""The search index on a real Whoosh index in a temporary home."""

from __future__ import annotations

import json
import threading
from datetime import date

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index

from indexer.models import AgendaItem, Meeting, Resolution
from indexer.search.backend import is_postgres
from indexer.search.schema import VERSION_FILE
from indexer.search_index import (
    IndexStaleError,
    QuerySyntaxError,
    SearchFilters,
    search,
    update_index,
)
from tests.search_support import item, populate, whoosh_only

ALL = SearchFilters()


@pytest.fixture
def ids(engine, home):  # type: ignore[no-untyped-def]
    found = populate(engine)
    update_index(engine, home)
    return found


def hit_ids(home, text: str, filters: SearchFilters = ALL, **options) -> set[str]:  # type: ignore[no-untyped-def]
    return {hit.id for hit in search(home, text, filters, limit=None, **options).hits}


def test_phrase_matches_only_those_words_in_that_order(home, ids) -> None:
    found = hit_ids(home, '"edge of care"')
    assert found == {
        f"item:{ids['edge']}",
        f"item:{ids['kingston']}",
        "resolution:1",
        f"page:{ids['pack']}:2",
        "work-programme:1",
    }
    # The near miss says "edge care" and "edge of the care", never "edge of care".
    assert f"item:{ids['near_miss']}" not in found
    assert hit_ids(home, '"edge care"') == {f"item:{ids['near_miss']}"}
    assert hit_ids(home, '"edge of the care"') == {f"item:{ids['near_miss']}"}
    assert hit_ids(home, '"care of edge"') == set()


def test_unquoted_words_are_stemmed_but_quoted_words_are_not(home, ids) -> None:
    # The edge-of-care item says only "placements".
    assert f"item:{ids['edge']}" in hit_ids(home, "placement")
    assert f"item:{ids['edge']}" not in hit_ids(home, '"placement"')
    assert f"item:{ids['edge']}" not in hit_ids(home, "placement", exact=True)


def test_query_operators_fields_and_prefixes(home, ids) -> None:
    assert hit_ids(home, "council:kingston edge") == {f"item:{ids['kingston']}"}
    assert hit_ids(home, "council:Kingston edge") == {f"item:{ids['kingston']}"}
    edge = hit_ids(home, "edge")
    assert f"item:{ids['kingston']}" not in hit_ids(home, "edge -kingston")
    assert hit_ids(home, "edge NOT kingston") == hit_ids(home, "edge -kingston")
    assert hit_ids(home, "edge -kingston") < edge
    assert hit_ids(home, "sufficiency OR transport") == hit_ids(home, "sufficiency") | hit_ids(
        home, "transport"
    )
    assert hit_ids(home, "sufficiency AND borough") == {f"item:{ids['placements']}"}
    assert f"item:{ids['placements']}" in hit_ids(home, "sufficien*")
    assert hit_ids(home, "type:resolution SEND", exact=True) == {"resolution:3"}


def test_filters_narrow(home, ids) -> None:
    everything = hit_ids(home, "care")
    kingston = hit_ids(home, "care", SearchFilters(council="kingston"))
    assert kingston == {f"item:{ids['kingston']}"}
    cabinet = hit_ids(home, "transport", SearchFilters(committee="cabinet"))
    assert cabinet == {f"item:{ids['send']}", "resolution:3"}
    assert hit_ids(home, "care", SearchFilters(committee="children's services")) < everything
    pages = hit_ids(home, "care", SearchFilters(kinds=("page",)))
    assert pages == {f"page:{ids['pack']}:2", f"page:{ids['pack']}:3"}
    minutes = hit_ids(home, "care", SearchFilters(document_kinds=("minutes",)))
    assert minutes == {f"page:{ids['pack']}:2"}
    in_2019 = search(
        home, "care", SearchFilters(since=date(2019, 1, 1), until=date(2019, 12, 31)), limit=None
    )
    assert in_2019.hits and all(h.meeting_date.year == 2019 for h in in_2019.hits)
    assert {h.id for h in in_2019.hits} < everything
    dated = {h.id: h.meeting_date for h in search(home, "care", ALL, limit=None).hits}
    for since, until in [
        (date(2019, 6, 21), None),
        (None, date(2019, 6, 20)),
        (None, date(2018, 12, 31)),
    ]:
        expected = {
            i for i, d in dated.items() if (not since or d >= since) and (not until or d <= until)
        }
        assert hit_ids(home, "care", SearchFilters(since=since, until=until)) == expected
        assert 0 < len(expected) < len(dated)
    every = search(home, "care", ALL, limit=None).hits
    for since, until in [(date(2018, 1, 1), date(2019, 12, 31)), (date(2018, 3, 1), None)]:
        in_thurrock = {
            h.id
            for h in every
            if h.council == "thurrock" and since <= h.meeting_date <= (until or date.max)
        }
        filters = SearchFilters(council="thurrock", since=since, until=until)
        assert hit_ids(home, "care", filters) == in_thurrock
        assert hit_ids(home, '"edge of care"', filters) == {
            i for i in in_thurrock if i in hit_ids(home, '"edge of care"')
        }
    # The until date is inclusive: the Kingston meeting was on 20 June 2019.
    assert f"item:{ids['kingston']}" in hit_ids(
        home, "care", SearchFilters(since=date(2019, 6, 20), until=date(2019, 6, 20))
    )


def test_sort_by_date(home, ids) -> None:
    newest = [h.meeting_date for h in search(home, "care", ALL, limit=None, sort="newest").hits]
    oldest = [h.meeting_date for h in search(home, "care", ALL, limit=None, sort="oldest").hits]
    assert newest == sorted(newest, reverse=True) and len(newest) > 3
    assert oldest == sorted(oldest)


def test_hits_carry_citations_and_marked_snippets(home, ids) -> None:
    hits = {h.id: h for h in search(home, '"edge of care"', ALL, limit=None).hits}
    page = hits[f"page:{ids['pack']}:2"]
    # Minutes printed in a later pack belong to the meeting they record.
    assert page.meeting_date == date(2018, 7, 10)
    assert page.document_title == "Agenda reports pack"
    assert page.document_kind == "minutes"
    assert page.page == 2
    assert page.url == page.document_url + "#page=2"
    assert page.citation == "Agenda reports pack, p. 2"
    assert "The **edge of care** service was discussed" in page.snippet
    item_hit = hits[f"item:{ids['edge']}"]
    assert item_hit.item_number == "5."
    assert item_hit.title == "Edge of Care Service update"
    assert item_hit.committee == "Children's Services Overview and Scrutiny Committee"
    assert item_hit.meeting_status == "held"
    assert item_hit.score and item_hit.score > 0
    assert len(item_hit.fingerprint) == 32
    assert hits["work-programme:1"].meeting_date == date(2020, 2, 4)


def test_limit_and_total(home, ids) -> None:
    first = search(home, "care", ALL, limit=2)
    assert len(first.hits) == 2
    assert first.total == len(search(home, "care", ALL, limit=None).hits) > 2


def test_incremental_update_adds_changes_and_deletes(engine, home, ids) -> None:
    assert update_index(engine, home).changed == 0
    before = {h.id: h.fingerprint for h in search(home, "sufficiency", ALL, limit=None).hits}
    with Session(engine) as s, s.begin():
        changed = s.get(AgendaItem, ids["placements"])
        changed.minutes = "Members asked about kinship carers and sufficiency."
        meeting = s.scalars(select(Meeting).where(Meeting.id == ids["m1"])).one()
        item(s, meeting, "9.", "Kinship care", description="Kinship carers support.")
        s.execute(delete(Resolution).where(Resolution.id == 3))
    counts = update_index(engine, home)
    # Updated: the changed item, and the SEND item whose text includes the
    # deleted resolution. PostgreSQL did so as the rows were committed.
    changes = (0, 0, 0) if is_postgres(home) else (1, 2, 1)
    assert (counts.added, counts.updated, counts.deleted) == changes
    assert not counts.rebuilt
    after = {h.id: h.fingerprint for h in search(home, "sufficiency", ALL, limit=None).hits}
    key = f"item:{ids['placements']}"
    assert after[key] != before[key]
    assert len(hit_ids(home, "kinship")) == 2
    assert "resolution:3" not in hit_ids(home, "transport")
    assert update_index(engine, home).changed == 0


def test_rebuild_keeps_stable_ids(engine, home, ids) -> None:
    before = hit_ids(home, "care")
    counts = update_index(engine, home, rebuild=True)
    assert counts.rebuilt and counts.added == 16 and counts.unchanged == 0
    assert hit_ids(home, "care") == before


def test_stale_index_is_rebuilt_with_a_message(engine, home, ids) -> None:
    whoosh_only(home)
    (home.index_dir / VERSION_FILE).write_text(json.dumps({"schema_version": 0}))
    with pytest.raises(IndexStaleError, match="papers index"):
        search(home, "care", ALL)
    messages: list[str] = []
    counts = update_index(engine, home, progress=messages.append)
    assert counts.rebuilt and counts.added == 16
    assert any("rebuilding" in m for m in messages)
    assert hit_ids(home, '"edge of care"')


def test_second_writer_waits_for_the_lock(engine, home, ids) -> None:
    whoosh_only(home)
    messages: list[str] = []
    holder = whoosh_index.open_dir(str(home.index_dir)).writer()
    with Session(engine) as s, s.begin():
        s.get(AgendaItem, ids["send"]).title = "SEND home to school transport"
    waiting = threading.Thread(
        target=update_index, args=(engine, home), kwargs={"progress": messages.append}
    )
    waiting.start()
    waiting.join(timeout=2)
    assert waiting.is_alive(), "the second writer should wait for the lock"
    assert any("waiting" in m for m in messages)
    holder.cancel()
    waiting.join(timeout=30)
    assert not waiting.is_alive()
    found = hit_ids(home, '"SEND home to school transport"', exact=True)
    assert found == {f"item:{ids['send']}", "resolution:3"}


def test_searches_keep_working_while_the_index_is_written(engine, home, ids) -> None:
    with Session(engine) as s, s.begin():
        meeting = s.get(Meeting, ids["m1"])
        for n in range(10, 310):
            item(s, meeting, f"{n}.", f"Report {n}", description="Foster carers recruitment.")
    errors: list[BaseException] = []
    totals: list[int] = []
    stop = threading.Event()

    def keep_searching() -> None:
        while not stop.is_set():
            try:
                totals.append(search(home, '"edge of care"', ALL).total)
            except BaseException as exc:  # noqa: BLE001 - any failure fails the test
                errors.append(exc)
                return

    reader = threading.Thread(target=keep_searching)
    reader.start()
    try:
        update_index(engine, home)
        update_index(engine, home, rebuild=True)
    finally:
        stop.set()
        reader.join()
    assert not errors
    assert totals and set(totals) <= {0, 5}
    assert search(home, '"foster carers"', ALL).total == 300


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"edge of care', "unclosed quote"),
        ("(edge OR care", "( without a matching )"),
        ("edge) care", ") without a matching ("),
        ("ward:thurrock care", "Unknown field 'ward:'"),
        ("care AND", "'AND' needs a word on each side"),
        ("OR care", "'OR' needs a word on each side"),
        ("c*", "too broad"),
        ("   ", "empty"),
        ("-- ()", "no words"),
    ],
)
def test_malformed_queries_get_one_plain_sentence(home, ids, text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")):
        search(home, text, ALL)


def test_spelling_suggestions_when_nothing_matches(home, ids) -> None:
    whoosh_only(home, "PostgreSQL offers no spelling suggestions")
    result = search(home, "plasements sufficiancy", ALL)
    assert result.total == 0
    assert result.suggestions == ["placements sufficiency"]
    assert search(home, "placements", ALL).suggestions == []


@pytest.mark.parametrize("acronym", ["LAC", "lac", "CSE", "MASH", "CAMHS", "EHCP"])
def test_no_suggestion_for_an_acronym(engine, home, ids, acronym: str) -> None:
    # Old suggestions: LAC -> "had", CSE -> "case", MASH -> "mass" (and on
    # real papers CAMHS -> "cases", EHCP -> "help"): near by letters, not meaning.
    with Session(engine) as s, s.begin():
        meeting = s.get(Meeting, ids["m1"])
        item(
            s,
            meeting,
            "40.",
            "Caseload",
            description="Cases where help had been asked for, case by case, a mass of work.",
        )
    update_index(engine, home)
    result = search(home, acronym, SearchFilters(council="kingston", kinds=("resolution",)))
    assert result.total == 0 and result.suggestions == []


def test_suggestions_find_hits_under_the_same_filters(home, ids) -> None:
    whoosh_only(home, "PostgreSQL offers no spelling suggestions")
    kingston = SearchFilters(council="kingston")
    # "adolescent" is only in Kingston's papers, "transport" only in Thurrock's.
    assert search(home, "adolecent", kingston).suggestions == ["adolescent"]
    assert search(home, "adolecent", SearchFilters(council="thurrock")).suggestions == []
    assert search(home, "trnsport", ALL).suggestions == ["transport"]
    assert search(home, "trnsport", kingston).suggestions == []
    # Each word known alone, but together they find nothing: no suggestion.
    assert search(home, '"adolecent transport"', ALL).suggestions == []
    # Nothing near at all: nothing rather than something silly.
    assert search(home, "zzqx wibblewobble", ALL).suggestions == []


def test_glossary_expands_acronyms_both_ways(home, ids) -> None:
    lac = search(home, "LAC", ALL, limit=None)
    assert lac.expansions == ["LAC → looked after children"]
    assert f"item:{ids['placements']}" in {h.id for h in lac.hits}
    back = search(home, '"special educational needs and disabilities"', ALL, limit=None)
    assert back.expansions == ["special educational needs and disabilities → SEND"]
    ids_back = {h.id for h in back.hits}
    assert {f"item:{ids['future']}", f"item:{ids['send']}"} <= ids_back
    camhs = hit_ids(home, '"child and adolescent mental health services"')
    assert f"item:{ids['kingston']}" in camhs
    exact = search(home, "LAC", ALL, exact=True)
    assert exact.expansions == [] and exact.total == 0


def test_facets_count_hits(home, ids) -> None:
    result = search(home, '"edge of care"', ALL, facets=True, limit=2)
    assert len(result.hits) == 2 and result.total == 5
    assert result.facets == {
        "council": {"kingston": 1, "thurrock": 4},
        "committee": {
            "Children's Services Overview and Scrutiny Committee": 4,
            "Children's and Adults' Care and Education Committee": 1,
        },
        "year": {"2018": 3, "2019": 1, "2020": 1},
    }


@pytest.mark.parametrize(
    "text",
    [
        '"edge of care"',
        '"edge of care" service',
        '"edge of care" OR sufficiency',
        '"edge of care" -kingston',
        '"edge of care" NOT council:kingston',
        '"looked after children"',
        '"edge of care" edg*',
        '"edge of care" type:item',
    ],
)
def test_top_hits_of_a_phrase_are_confirmed_exactly(engine, home, ids, text: str) -> None:
    # Pairs "edge of" and "of care" both occur here, but not "edge of care".
    with Session(engine) as s, s.begin():
        meeting = s.get(Meeting, ids["m1"])
        item(
            s, meeting, "20.", "Budget", description="The edge of the budget and provision of care."
        )
    update_index(engine, home)
    everything = search(home, text, ALL, limit=None)
    for sort in ("relevance", "newest"):
        top = search(home, text, ALL, limit=3, sort=sort)
        assert {h.id for h in top.hits} <= {h.id for h in everything.hits}
        assert len(top.hits) == min(3, everything.total)
        assert top.total == everything.total and top.total_exact
    assert "item:7" not in {h.id for h in search(home, text, ALL, limit=10).hits}
    filtered = search(home, text, SearchFilters(council="thurrock"), limit=2)
    assert all(h.council == "thurrock" for h in filtered.hits)
