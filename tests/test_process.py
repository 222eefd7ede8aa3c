"""Extracting and parsing stored documents into the database."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from indexer.extract import Limits
from indexer.home import Home
from indexer.models import AgendaItem, Attendance, Document, DocumentPart, Meeting, Page, Resolution
from indexer.process import extract_documents, parse_documents, process
from indexer.store.files import store_bytes
from indexer.store.structure import normal_number
from tests.extract_support import make_pdf, make_scanned_pdf
from tests.process_support import (
    MINUTES_PAGES,
    PACK_PAGES,
    add_document,
    add_meeting,
    row_counts,
)

JULY = datetime(2018, 7, 10, 19, 0)


def _pages(engine: Engine, doc_id: int) -> list[str]:
    with Session(engine) as session:
        return list(
            session.scalars(
                select(Page.text).where(Page.document_id == doc_id).order_by(Page.number)
            )
        )


def test_extraction_is_incremental_and_replaces_pages(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    meeting = add_meeting(engine, JULY, [])
    first = make_pdf(tmp_path / "v1.pdf", [["Version one, page one"], ["Version one, page two"]])
    doc = add_document(engine, home, meeting, first, "report", "report.pdf")
    assert extract_documents(engine, home) == {"ok": 1}
    assert _pages(engine, doc) == ["Version one, page one", "Version one, page two"]
    assert extract_documents(engine, home) == {}  # nothing changed, nothing read

    # The council replaces the file: a new sha256 means the text is read again.
    second = make_pdf(tmp_path / "v2.pdf", [["Version two, the only page"]])
    stored = store_bytes(home.files, second.read_bytes(), "application/pdf")
    with Session(engine) as session, session.begin():
        document = session.get(Document, doc)
        assert document is not None
        document.sha256, document.file_path = stored.sha256, stored.key
    assert extract_documents(engine, home) == {"ok": 1}
    assert _pages(engine, doc) == ["Version two, the only page"]
    with Session(engine) as session:
        document = session.get(Document, doc)
        assert document is not None
        assert (document.page_count, document.extracted_sha256) == (1, stored.sha256)


def test_broken_files_are_recorded_and_the_run_goes_on(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    meeting = add_meeting(engine, JULY, [])
    good = make_pdf(tmp_path / "good.pdf", [["A perfectly ordinary report page"]])
    whole = make_pdf(tmp_path / "whole.pdf", [["text"]] * 3).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(whole[:300])
    files = {
        "good.pdf": good,
        "scan.pdf": make_scanned_pdf(tmp_path / "scan.pdf"),
        "locked.pdf": make_pdf(tmp_path / "locked.pdf", [["secret"]], user_password="pw"),
        "cut.pdf": tmp_path / "cut.pdf",
        "huge.pdf": make_pdf(tmp_path / "huge.pdf", [[f"page {n}"] for n in range(4)]),
    }
    ids = {
        name: add_document(engine, home, meeting, path, "report", name)
        for name, path in files.items()
    }
    limits = Limits(max_pages=3, ocr=False)  # the scan stays a scan
    counts = extract_documents(engine, home, limits=limits, workers=2)
    assert counts == {"ok": 1, "no_text_layer": 1, "encrypted": 1, "failed": 1, "too_large": 1}
    with Session(engine) as session:
        status = {name: session.get(Document, i) for name, i in ids.items()}
        assert {n: d.text_status for n, d in status.items() if d} == {
            "good.pdf": "ok",
            "scan.pdf": "no_text_layer",
            "locked.pdf": "encrypted",
            "cut.pdf": "failed",
            "huge.pdf": "too_large",
        }
        huge = status["huge.pdf"]
        assert (
            huge is not None and huge.error == "4 pages is over the limit of 3 (PAPERS_MAX_PAGES)"
        )
    assert extract_documents(engine, home) == {}  # failures are not retried on every run


def test_decision_on_the_page_and_in_printed_minutes_is_one_resolution(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    meeting = add_meeting(
        engine,
        JULY,
        [
            ("1.", "Declarations of Interest", None),
            ("5.", "Internal Audit Progress Report", "RESOLVED - That the report be noted."),
        ],
    )
    pdf = make_pdf(tmp_path / "minutes.pdf", MINUTES_PAGES)
    doc = add_document(engine, home, meeting, pdf, "minutes", "printed-minutes.pdf")
    process(engine, home)
    with Session(engine) as session:
        noted = session.scalars(
            select(Resolution).where(Resolution.text.contains("the report be noted"))
        ).all()
        assert len(noted) == 1
        assert sorted(noted[0].sources) == ["html", "pdf"]
        assert (noted[0].meeting_id, noted[0].document_id, noted[0].page) == (meeting, doc, 2)
        item = session.get(AgendaItem, noted[0].agenda_item_id)
        assert item is not None and item.number == "5."
        policy = session.scalars(
            select(Resolution).where(Resolution.text.contains("revised policy"))
        ).one()
        assert policy.sources == ["pdf"]
        assert [c[:3] for c in policy.clauses] == ["(a)", "(b)"]
        people = {(a.person, a.role) for a in session.scalars(select(Attendance))}
        assert any("Ann Lee" in p and r == "chair" for p, r in people)
        assert any("Dan Brown" in p and r == "apologies" for p, r in people)


def test_reparsing_changes_nothing_and_a_changed_decision_replaces_the_old(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    meeting = add_meeting(
        engine,
        JULY,
        [("5.", "Internal Audit Progress Report", "RESOLVED - That the report be noted.")],
    )
    pdf = make_pdf(tmp_path / "minutes.pdf", MINUTES_PAGES)
    add_document(engine, home, meeting, pdf, "minutes", "printed-minutes.pdf")
    process(engine, home)
    before = row_counts(engine)
    assert before["resolutions"] >= 3
    parse_documents(engine, everything=True)
    parse_documents(engine, everything=True)
    assert row_counts(engine) == before

    with Session(engine) as session, session.begin():
        item = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting)).one()
        item.decision = "RESOLVED - That the report be deferred to September."
    parse_documents(engine)
    with Session(engine) as session:
        texts = {r.text: r.sources for r in session.scalars(select(Resolution))}
    assert texts["RESOLVED - That the report be deferred to September."] == ["html"]
    # The old decision is still in the printed minutes, so it stays, from the PDF only.
    assert texts["RESOLVED - That the report be noted."] == ["pdf"]


def test_minutes_inside_a_later_pack_belong_to_the_meeting_they_record(
    engine: Engine, home: Home, tmp_path: Path
) -> None:
    september = add_meeting(engine, datetime(2018, 9, 20, 19, 0), [])
    pages = PACK_PAGES
    pack = add_document(
        engine, home, september, make_pdf(tmp_path / "pack.pdf", pages), "agenda_pack", "pack.pdf"
    )
    process(engine, home)
    with Session(engine) as session:
        july = session.scalars(
            select(Meeting).where(
                Meeting.start >= datetime(2018, 7, 10), Meeting.start < datetime(2018, 7, 11)
            )
        ).one()
        assert july.committee is not None and july.committee.name == "Audit Committee"
        assert any("report be noted" in r.text for r in july.resolutions)
        assert all(r.document_id == pack for r in july.resolutions)
        assert not session.scalars(
            select(Resolution).where(Resolution.meeting_id == september)
        ).all()
        items = session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == september)
            .order_by(AgendaItem.position)
        ).all()
        assert [(i.number, i.page_start, i.page_end) for i in items][1:] == [
            ("2.", 2, 3),
            ("3.", 4, 4),
        ]
        parts = session.scalars(
            select(DocumentPart).where(
                DocumentPart.document_id == pack, DocumentPart.kind == "minutes"
            )
        ).all()
        assert [(p.page_start, p.meeting_id) for p in parts] == [(2, july.id)]
        assert july.start is not None and july.start.date() == date(2018, 7, 10)


def test_the_same_decision_under_two_items_stays_two_resolutions(engine: Engine) -> None:
    noted = "RESOLVED - That the report be noted."
    meeting = add_meeting(
        engine, JULY, [("3.", "Budget monitoring", noted), ("4.", "Risk register", noted)]
    )
    parse_documents(engine)
    parse_documents(engine)
    with Session(engine) as session:
        rows = session.scalars(
            select(Resolution).where(Resolution.meeting_id == meeting).order_by(Resolution.position)
        ).all()
        assert [(r.text, r.sources) for r in rows] == [(noted, ["html"]), (noted, ["html"])]
        numbers = [session.get(AgendaItem, r.agenda_item_id).number for r in rows]  # type: ignore[union-attr]
        assert numbers == ["3.", "4."]


def test_a_parser_error_is_recorded_and_the_run_goes_on(
    engine: Engine, home: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = add_meeting(engine, JULY, [])
    bad = add_document(
        engine, home, meeting, make_pdf(tmp_path / "m.pdf", MINUTES_PAGES), "minutes", "m.pdf"
    )
    good = add_document(
        engine, home, meeting, make_pdf(tmp_path / "r.pdf", [["A report page"]]), "report", "r.pdf"
    )

    def broken(pages: list[str]) -> None:
        raise ValueError("unexpected layout")

    monkeypatch.setattr("indexer.process.parse_minutes", broken)
    counts = process(engine, home)
    assert counts["parse_failed"] == 1 and counts["documents"] == 2
    with Session(engine) as session:
        failed, fine = session.get(Document, bad), session.get(Document, good)
        assert failed is not None and fine is not None
        assert failed.error == "could not parse: ValueError: unexpected layout"
        assert failed.text_status == "ok" and failed.parsed_at is not None
        assert fine.error is None and fine.parsed_at is not None


@pytest.mark.parametrize(
    ("printed", "normal"),
    [("59.", "59"), ("(5)", "5"), ("Item 5", "5"), ("64/16", "64/16"), ("5a.", "5a"), ("", None)],
)
def test_item_numbers_compare_as_printed_without_punctuation(
    printed: str, normal: str | None
) -> None:
    assert normal_number(printed) == normal
